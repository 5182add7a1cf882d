import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';
import { LIMITS, MaxBytes } from '../../limits';

/** `POST /events` with `Content-Type: application/json`. */
export class PublishEventDto {
  @ApiProperty({ example: 'order.created', pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, { message: 'must be a dotted lower-case event type' })
  @MaxBytes(LIMITS.type)
  type!: string;

  @ApiPropertyOptional({ example: 2, minimum: 1, description: 'Defaults to the latest registered version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  dataversion?: number;

  @ApiPropertyOptional({
    example: 'order-42',
    description: `The stream; omitted: a stream of its own, named by the id. At most ${LIMITS.subject} bytes in UTF-8.`,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxBytes(LIMITS.subject)
  subject?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      orderId: 'order-42',
      customer: { userId: 'user-7' },
      lines: [{ productId: 'p-1', quantity: 2 }],
      currency: 'EUR',
    },
    description: 'Validated against the JSON Schema of (type, dataversion).',
  })
  @IsDefined()
  data!: unknown;

  @ApiPropertyOptional({
    example: 0,
    minimum: 0,
    description: 'Omitted: append at any version; 0: the stream must not exist; n: it must be at version n.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}
