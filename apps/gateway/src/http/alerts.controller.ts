import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertIntake, type CommandContext } from '@firebreak/incident';
import { noteIncident } from '@firebreak/operations';
import { ApiCommandContext } from './api-context.js';
import { validate } from './api-schemas.js';
import { ApiAnswer, ApiProblems, ApiRequestBody } from './openapi-document.js';
import {
  AlertmanagerWebhookBody,
  AlertNotificationAnswerSchema,
  alertNotificationOf,
} from './alert-webhook.schemas.js';

/** Where Alertmanager's webhook receiver and Grafana's webhook contact point send their notifications. */
@ApiTags('alerts')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly intake: AlertIntake) {}

  @Post('alertmanager')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Receive an Alertmanager (payload version 4) or Grafana (webhook contact point) notification: a firing ' +
      'group declares an incident or joins the one it declared, as the routing rules say',
  })
  @ApiRequestBody(AlertmanagerWebhookBody)
  @ApiAnswer(200, 'What the notification did (a repeat changes nothing)', AlertNotificationAnswerSchema)
  @ApiProblems(400, 401, 413, 429)
  async receive(@Body() body: unknown, @ApiCommandContext() context: CommandContext) {
    const notification = alertNotificationOf(validate(AlertmanagerWebhookBody, body));
    const result = await this.intake.receive(notification, context.actor);
    // The access line of the request names the incident, as a command's does.
    noteIncident(result.incidentRef);
    const { incidentRef, ...rest } = result;
    return { ...rest, incident: incidentRef };
  }
}
