import { Controller, Get } from '@nestjs/common';
import { UnitOfWork } from '@firebreak/incident';

@Controller()
export class HealthController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** Proves the page can read the shared database, not just that the process is up. */
  @Get('healthz')
  async health() {
    const components = await this.unitOfWork.read((stores) => stores.components.list());
    return { status: 'ok', components: components.length };
  }
}
