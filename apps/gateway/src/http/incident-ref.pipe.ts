import { Injectable, type PipeTransform } from '@nestjs/common';
import { RefParam, validate } from './api-schemas.js';

/** An incident reference from the path (`inc-3` or `INC-3`), as the domain writes it; anything else is a 400. */
@Injectable()
export class IncidentRefPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    return validate(RefParam, value, 'ref');
  }
}
