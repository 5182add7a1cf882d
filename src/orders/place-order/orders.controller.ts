import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorDto } from '../../events/dto/error.dto';
import { OrderAcceptedDto, PlaceOrderDto } from './place-order.dto';
import { PlaceOrderService } from './place-order.service';

/** The orders example domain over HTTP. */
@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly placeOrder: PlaceOrderService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Place an order (emits order.created at the latest version)' })
  @ApiAcceptedResponse({ type: OrderAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiServiceUnavailableResponse({ type: ErrorDto })
  place(@Body() body: PlaceOrderDto): Promise<OrderAcceptedDto> {
    return this.placeOrder.place(body.userId, body.items);
  }
}
