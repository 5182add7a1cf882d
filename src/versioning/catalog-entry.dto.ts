import { ApiProperty } from '@nestjs/swagger';

/** One event type in `GET /schemas`. */
export class CatalogEntryDto {
  @ApiProperty({ example: 'order.created' }) type!: string;
  @ApiProperty({ example: [1, 2], type: [Number] }) versions!: number[];
  @ApiProperty({ example: 2 }) latest!: number;
}
