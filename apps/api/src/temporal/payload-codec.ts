// Personal data in Temporal (issue 16 item 9): every payload the API and the worker hand to Temporal (inputs,
// Update arguments and results, query results, activity arguments) is encrypted with AES-256-GCM, so names,
// comments and decision data never sit in plain text in Temporal's histories (Temporal Cloud, a shared cluster).
// The key id travels in the payload's metadata, so keys rotate: new payloads use the first (current) key, old
// ones decrypt with the key they name. Unencrypted payloads (the golden histories, cases started before the
// codec) pass through untouched. Search attributes are never encoded by a codec: they carry no personal data.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const text = (b: Uint8Array | null | undefined): string => (b ? Buffer.from(b).toString('utf8') : '');

/** `PAYLOAD_KEYS=<id>:<base64 of 32 bytes>[,<id>:<key>]`, the first being the current key. Throws naming the problem. */
export function parsePayloadKeys(value: string): PayloadKey[] {
  const keys: PayloadKey[] = [];
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = part.indexOf(':');
    const id = at > 0 ? part.slice(0, at) : '';
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error('PAYLOAD_KEYS: each key is <id>:<base64 key>, the id 1-64 letters, digits, ".", "_" or "-"');
    const key = Buffer.from(part.slice(at + 1), 'base64');
    if (key.length !== 32) throw new Error(`PAYLOAD_KEYS: key ${id} must be 32 bytes in base64 (AES-256), got ${key.length}`);
    if (keys.some((k) => k.id === id)) throw new Error(`PAYLOAD_KEYS: key id ${id} appears twice`);
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new Error('PAYLOAD_KEYS is set but names no key');
  return keys;
}

/** AES-256-GCM payload codec: the whole Payload (metadata and data) is sealed; the key id stays readable. */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec needs at least one key');
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, this.current.key, iv);
      const sealed = Buffer.concat([cipher.update(temporal.api.common.v1.Payload.encode(p).finish()), cipher.final()]);
      return {
        metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(this.current.id) },
        data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (text(p.metadata?.encoding) !== ENCRYPTED_ENCODING) return p;
      const keyId = text(p.metadata?.[KEY_ID_METADATA]);
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`payload encrypted with key "${keyId}", which is not in PAYLOAD_KEYS`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is truncated');
      const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

type Env = Record<string, string | undefined>;
let announced = false;

/**
 * The codec the environment asks for: PAYLOAD_KEYS → AES-256-GCM; absent → none (said once in the log), which
 * production refuses unless PAYLOAD_ENCRYPTION=off says so explicitly.
 */
export function payloadCodecFromEnv(env: Env = process.env, log: (message: string) => void = (m) => console.warn(m)): AesGcmPayloadCodec | null {
  const keys = env.PAYLOAD_KEYS?.trim();
  const off = env.PAYLOAD_ENCRYPTION?.trim().toLowerCase() === 'off';
  if (keys && !off) return new AesGcmPayloadCodec(parsePayloadKeys(keys));
  if (!off && env.NODE_ENV === 'production') {
    throw new Error('PAYLOAD_KEYS is required in production (names and comments would sit in plain text in Temporal); set PAYLOAD_ENCRYPTION=off to run without encryption on purpose');
  }
  if (!announced) {
    announced = true;
    log(off ? 'Temporal payload encryption is off (PAYLOAD_ENCRYPTION=off)' : 'Temporal payloads are not encrypted: PAYLOAD_KEYS is unset');
  }
  return null;
}

/** The data converter of every Temporal client and worker of the product (the API, the worker, tests, replay). */
export function hpcDataConverter(codec: PayloadCodec | null | undefined = payloadCodecFromEnv()): DataConverter {
  return codec ? { payloadCodecs: [codec] } : {};
}

/**
 * Decode every encrypted payload inside a fetched history (a proto object): the raw-history tab shows what the
 * Temporal UI shows through the codec endpoint. Payloads without encryption are left as they are.
 */
export async function decodeHistoryPayloads<T>(history: T, codec: PayloadCodec | null): Promise<T> {
  if (!codec) return history;
  const visit = async (node: unknown): Promise<void> => {
    if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i] as Payload | undefined;
        if (isEncrypted(item)) node[i] = (await codec.decode([item as Payload]))[0];
        else await visit(item);
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(record)) {
      if (isEncrypted(v)) record[k] = (await codec.decode([v as Payload]))[0];
      else await visit(v);
    }
  };
  await visit(history);
  return history;
}

function isEncrypted(v: unknown): boolean {
  if (!v || typeof v !== 'object' || !('metadata' in v)) return false;
  const enc = (v as Payload).metadata?.encoding;
  return enc instanceof Uint8Array && text(enc) === ENCRYPTED_ENCODING;
}

/** The Temporal UI's codec-server wire form: `{ payloads: [{ metadata: { k: base64 }, data: base64 }] }`. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export function payloadFromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

export function payloadToJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}
