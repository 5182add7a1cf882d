import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `?raw=true`: the event as stored instead of upcast to the latest version. */
export class RawQuery {
  @ApiPropertyOptional({ description: 'true: as stored; otherwise upcast to the latest version' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  raw?: boolean;
}

/** `GET /events` paging. */
export class ReadEventsQuery extends RawQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor: a previous page\'s "next"' })
  @IsOptional()
  @IsString()
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ example: 'order.created' })
  @IsOptional()
  @IsString()
  type?: string;
}

/** `GET /streams/:subject` from a version, a page at a time. */
export class ReadStreamQuery extends RawQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  fromVersion?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
