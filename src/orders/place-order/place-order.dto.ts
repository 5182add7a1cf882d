import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** One line of an order. */
export class OrderLineDto {
  @ApiProperty({ example: 'p-1' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  productId!: string;

  @ApiProperty({ example: 2, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

/** `POST /orders`. */
export class PlaceOrderDto {
  @ApiProperty({ example: 'user-7' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  userId!: string;

  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items!: OrderLineDto[];
}

/** The `202` answer to a placed order. */
export class OrderAcceptedDto {
  @ApiProperty({ example: '0193a5c4-8d2e-7b3a-9f1c-2a4b6c8d0e1f' }) orderId!: string;
  @ApiProperty({ example: '0193a5c4-0000-7000-8000-000000000000' }) correlationId!: string;
}
