import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser, Public } from '../../auth/decorators';
import { AppException, ErrorCode } from '../../common/errors';
import { LiveTickets, TICKET_TTL_MS } from './live-tickets';
import { LiveService } from './live.service';

/** A stream lives at most this long; the console then takes a new ticket (a deactivated user is not served for long). */
export const STREAM_MAX_MS = 15 * 60_000;
const HEARTBEAT_MS = 25_000;

@ApiTags('live')
@Controller('live')
export class LiveController {
  constructor(
    private readonly live: LiveService,
    private readonly tickets: LiveTickets,
  ) {}

  @Post('ticket')
  @HttpCode(200)
  @ApiOperation({
    summary: `A single-use ticket (valid ${TICKET_TTL_MS / 1000} s) for GET /api/live?ticket=…: EventSource cannot send the bearer token, so the token buys a ticket and only the ticket goes in the URL`,
  })
  async ticket(@CurrentUser() auth: Actor): Promise<{ ticket: string; expiresAt: string; url: string }> {
    const { ticket, expiresAt } = await this.tickets.issue(auth);
    return { ticket, expiresAt: new Date(expiresAt).toISOString(), url: `/api/live?ticket=${encodeURIComponent(ticket)}` };
  }

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Server-sent events: `change` {processId, taskIds, userIds} for each committed change the user may see (their tasks, cases they may read); `degraded` while the server cannot listen (poll meanwhile); closes after 15 min (take a new ticket). 401 without a valid ticket.',
  })
  async stream(@Query('ticket') ticket: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Any instance redeems a ticket any instance issued (they share the database).
    const actor = await this.tickets.redeem(ticket);
    if (!actor) throw new AppException(ErrorCode.Unauthenticated, 'ticket: missing, used or expired; POST /api/live/ticket for a new one');
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // Reverse proxies (nginx) must not buffer the stream.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write('retry: 3000\n\n');
    send(this.live.listening ? 'ready' : 'degraded', {});
    const unsubscribe = this.live.subscribe({ actor, send, readable: new Map() });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const lifetime = setTimeout(() => res.end(), STREAM_MAX_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      unsubscribe();
    });
  }
}
