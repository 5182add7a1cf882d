import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Nest's error shape; `message` lists field errors that start with the field's JSON path. */
export class ErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['/data/lines/0/quantity must be number'],
  })
  message!: string | string[];
}

/** A `409` on a version conflict carries the stream's current version. */
export class ConflictDto extends ErrorDto {
  @ApiPropertyOptional({ example: 3 }) currentVersion?: number;
}
