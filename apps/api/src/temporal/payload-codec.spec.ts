import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, parsePayloadKeys, payloadCodecFromEnv, payloadFromJson, payloadToJson } from './payload-codec';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const plain = (text: string): Payload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(text)) });
const str = (b?: Uint8Array | null) => Buffer.from(b ?? []).toString();

describe('AES-256-GCM payload codec', () => {
  it('seals the whole payload, names the key, and opens it again', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(key('k1')));
    const [sealed] = await codec.encode([plain('Grace Ayen said yes')]);
    expect(str(sealed.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(str(sealed.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(sealed.data!).toString('latin1')).not.toContain('Grace');
    expect(Object.keys(sealed.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
    const [opened] = await codec.decode([sealed]);
    expect(str(opened.data)).toBe('"Grace Ayen said yes"');
    expect(str(opened.metadata?.encoding)).toBe('json/plain');
  });

  it('rotates: the first key encrypts, older keys still decrypt what they sealed', async () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const [old] = await new AesGcmPayloadCodec(parsePayloadKeys(k1)).encode([plain('old')]);
    const rotated = new AesGcmPayloadCodec(parsePayloadKeys(`${k2},${k1}`));
    expect(str((await rotated.decode([old]))[0].data)).toBe('"old"');
    expect(str((await rotated.encode([plain('new')]))[0].metadata?.[KEY_ID_METADATA])).toBe('k2');
    await expect(new AesGcmPayloadCodec(parsePayloadKeys(k2)).decode([old])).rejects.toThrow('payload encrypted with key "k1", which is not in PAYLOAD_KEYS');
  });

  it('passes unencrypted payloads through untouched (golden histories, cases from before the codec)', async () => {
    const p = plain('unencrypted');
    expect((await new AesGcmPayloadCodec(parsePayloadKeys(key('k1'))).decode([p]))[0]).toBe(p);
  });

  it('refuses a tampered payload (GCM authentication)', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(key('k1')));
    const [sealed] = await codec.encode([plain('x')]);
    const data = Buffer.from(sealed.data!);
    data[data.length - 20] ^= 1;
    await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow();
  });

  it('parses PAYLOAD_KEYS strictly, naming the problem', () => {
    expect(() => parsePayloadKeys('k1:' + randomBytes(16).toString('base64'))).toThrow('PAYLOAD_KEYS: key k1 must be 32 bytes in base64 (AES-256), got 16');
    expect(() => parsePayloadKeys(randomBytes(32).toString('base64'))).toThrow(/each key is <id>:<base64 key>/);
    const k = key('k1');
    expect(() => parsePayloadKeys(`${k},${k}`)).toThrow('PAYLOAD_KEYS: key id k1 appears twice');
    expect(() => parsePayloadKeys(' , ')).toThrow('PAYLOAD_KEYS is set but names no key');
  });

  it('from the environment: keys → codec; absent → none; production requires keys unless explicitly off', () => {
    const log: string[] = [];
    expect(payloadCodecFromEnv({ PAYLOAD_KEYS: key('a') })).toBeInstanceOf(AesGcmPayloadCodec);
    expect(() => payloadCodecFromEnv({ NODE_ENV: 'production' })).toThrow(/PAYLOAD_KEYS is required in production/);
    expect(payloadCodecFromEnv({ NODE_ENV: 'production', PAYLOAD_ENCRYPTION: 'off' }, (m) => log.push(m))).toBeNull();
    expect(payloadCodecFromEnv({ NODE_ENV: 'development' }, (m) => log.push(m))).toBeNull();
    expect(log).toHaveLength(1); // said once
  });

  it('speaks the Temporal UI codec wire form (base64 metadata and data)', () => {
    const p = plain('wire');
    const json = payloadToJson(p);
    expect(json).toEqual({ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"wire"').toString('base64') });
    expect(payloadToJson(payloadFromJson(json))).toEqual(json);
  });
});
