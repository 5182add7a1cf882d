import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { PublishEventDto } from './publish-event.dto';

/** The most events one batch may carry. */
export const MAX_BATCH = 1000;

/** `POST /events/batch`: all events are appended in one transaction, or none. */
export class PublishBatchDto {
  @ApiProperty({ type: [PublishEventDto], minItems: 1, maxItems: MAX_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ValidateNested({ each: true })
  @Type(() => PublishEventDto)
  events!: PublishEventDto[];
}
