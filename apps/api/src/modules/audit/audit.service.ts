import { Injectable } from '@nestjs/common';
import { verifyChain } from '../../../../../activities/audit-hash';
import type { Actor } from '@hpc/workflows/domain';
import { AppException } from '../../common/errors';
import { AuditEventsRepository, ProcessesRepository } from '../../persistence/repositories';
import { ProcessesService } from '../processes/processes.service';

export interface ChainVerification {
  processId: string;
  valid: boolean;
  /** Events checked (the whole chain when valid). */
  checked: number;
  /** Hash of the last event: the value to keep outside the system to detect a truncated or rewritten chain. */
  headHash: string | null;
  firstBrokenSeq: number | null;
  reason: 'gap' | 'prev-hash' | 'hash' | null;
  expected: string | null;
  actual: string | null;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly processes: ProcessesRepository,
    private readonly processesService: ProcessesService,
  ) {}

  /** Recompute a case's hash chain from its stored events and report the first broken link. */
  async verify(auth: Actor, processId: string): Promise<ChainVerification> {
    const process = await this.processes.findById(processId);
    if (!process) throw AppException.notFound('process', processId);
    await this.processesService.assertCanRead(auth, process);
    const events = await this.events.findByProcess(processId);
    const broken = verifyChain(events);
    const checked = broken ? broken.seq - 1 : events.length;
    return {
      processId,
      valid: !broken && events.length >= process.lastSeq,
      checked,
      headHash: events.length ? events[events.length - 1].hash : null,
      firstBrokenSeq: broken?.seq ?? (events.length < process.lastSeq ? events.length + 1 : null),
      reason: broken?.reason ?? (events.length < process.lastSeq ? 'gap' : null),
      expected: broken?.expected ?? null,
      actual: broken?.actual ?? null,
    };
  }
}
