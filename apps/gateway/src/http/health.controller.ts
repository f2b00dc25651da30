import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PublicRoute } from './api-auth.guard.js';

@ApiExcludeController()
@Controller()
export class HealthController {
  @Get('healthz')
  @PublicRoute()
  health() {
    return { status: 'ok' };
  }
}
