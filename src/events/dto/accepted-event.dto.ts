import { ApiProperty } from '@nestjs/swagger';

/** The `202` answer: the event is durably stored and will reach the broker. */
export class AcceptedEventDto {
  @ApiProperty({ example: '0193a5c4-8d2e-7b3a-9f1c-2a4b6c8d0e1f' }) id!: string;
  @ApiProperty({ example: 'order.created' }) type!: string;
  @ApiProperty({ example: 2 }) dataversion!: number;
  @ApiProperty({ example: 'order-42' }) subject!: string;
  @ApiProperty({ example: 1 }) streamVersion!: number;
  @ApiProperty({ example: 1042 }) position!: number;
  @ApiProperty({ example: '0193a5c4-0000-7000-8000-000000000000' }) correlationId!: string;
}

/** The `202` answer to a batch, in request order. */
export class AcceptedBatchDto {
  @ApiProperty({ type: [AcceptedEventDto] }) events!: AcceptedEventDto[];
}
