// react-admin's simple-rest provider on /api, plus the domain calls the console makes (decide, cancel,
// verify, history). Every request goes through httpClient (bearer token, readable errors).
import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, GetManyParams } from 'react-admin';
import { API_URL, httpClient } from './httpClient';
import type { AuditEvent, Process, ProcessDefinition, Task, VerifyResult } from './types';

const base = simpleRestProvider(API_URL, httpClient);

const json = (body: unknown) => JSON.stringify(body);

export interface DecisionInput {
  decision: string;
  comment?: string;
  data?: Record<string, unknown>;
}

export interface HpcDataProvider extends DataProvider {
  decide(taskId: string, input: DecisionInput, idempotencyKey: string): Promise<{ task: Task; process: Process }>;
  cancelProcess(processId: string, reason: string): Promise<Process>;
  verifyAudit(processId: string): Promise<VerifyResult>;
  getHistory(processId: string): Promise<AuditEvent[]>;
  getTemporalHistory(processId: string): Promise<unknown>;
  getDefinitions(): Promise<ProcessDefinition[]>;
  markNotificationRead(id: string): Promise<unknown>;
  getAll<T = any>(resource: string, filter?: Record<string, unknown>, max?: number): Promise<T[]>;
}

async function getAll(resource: string, filter: Record<string, unknown> = {}, max = 500) {
  const { data } = await base.getList(resource, {
    pagination: { page: 1, perPage: max },
    sort: { field: 'id', order: 'ASC' },
    filter,
  });
  return data;
}

export const dataProvider: HpcDataProvider = {
  ...base,
  // Reference fields ask for a few ids; the API lists may not filter by id, so filter here too.
  async getMany(resource: string, params: GetManyParams) {
    const wanted = new Set(params.ids.map(String));
    const all = await base
      .getList(resource, {
        pagination: { page: 1, perPage: Math.max(params.ids.length, 1) },
        sort: { field: 'id', order: 'ASC' },
        filter: { id: params.ids },
      })
      .then((r) => r.data)
      .catch(() => getAll(resource));
    let found = all.filter((r: any) => wanted.has(String(r.id)));
    if (found.length < wanted.size) {
      found = (await getAll(resource)).filter((r: any) => wanted.has(String(r.id)));
    }
    return { data: found as any };
  },
  async decide(taskId, input, idempotencyKey) {
    const { json: body } = await httpClient(`${API_URL}/tasks/${encodeURIComponent(taskId)}/decision`, {
      method: 'POST',
      body: json(input),
      headers: new Headers({ Accept: 'application/json', 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }),
    });
    return body;
  },
  async cancelProcess(processId, reason) {
    const { json: body } = await httpClient(`${API_URL}/processes/${encodeURIComponent(processId)}/cancel`, {
      method: 'POST',
      body: json({ reason }),
    });
    return body;
  },
  async verifyAudit(processId) {
    const { json: body } = await httpClient(`${API_URL}/audit/verify?processId=${encodeURIComponent(processId)}`);
    return body;
  },
  async getHistory(processId) {
    const { json: body } = await httpClient(`${API_URL}/processes/${encodeURIComponent(processId)}/history`);
    return Array.isArray(body) ? body : (body?.events ?? body?.data ?? []);
  },
  async getTemporalHistory(processId) {
    const { json: body } = await httpClient(`${API_URL}/processes/${encodeURIComponent(processId)}/temporal-history`);
    return body;
  },
  async getDefinitions() {
    const { json: body } = await httpClient(`${API_URL}/process-definitions`);
    return Array.isArray(body) ? body : (body?.data ?? []);
  },
  async markNotificationRead(id) {
    const { json: body } = await httpClient(`${API_URL}/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
    return body;
  },
  getAll,
};
