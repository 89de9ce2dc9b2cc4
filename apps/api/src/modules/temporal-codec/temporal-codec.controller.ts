// The codec endpoint the Temporal UI (and `temporal` CLI's --codec-endpoint) calls to show encrypted payloads:
// POST /api/temporal-codec/decode and /encode with `{ payloads: [{ metadata: { k: base64 }, data: base64 }] }`.
// Authenticated like every route; admins and auditors only (they may read every case). Not part of the product's
// OpenAPI document: its wire form is Temporal's remote-codec protocol.
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { PayloadCodec } from '@temporalio/common';
import { Roles } from '../../auth/decorators';
import { AppException } from '../../common/errors';
import { payloadFromJson, payloadToJson, type JsonPayload } from '../../temporal/payload-codec';
import { PAYLOAD_CODEC } from '../../temporal/temporal.module';
import { CodecPayloadsDto } from './temporal-codec.dto';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Each payload is `{ metadata?: { string: base64 }, data?: base64 }`: 400 naming the first wrong field. */
function parsePayloads(body: CodecPayloadsDto): JsonPayload[] {
  return body.payloads.map((p, i) => {
    const at = `payloads.${i}`;
    if (!p || typeof p !== 'object' || Array.isArray(p)) throw AppException.validation(`${at} must be an object`);
    const { metadata, data, ...rest } = p as JsonPayload & Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra) throw AppException.validation(`${at}.${extra} should not exist`);
    if (data !== undefined && (typeof data !== 'string' || !BASE64.test(data))) throw AppException.validation(`${at}.data must be base64`);
    if (metadata !== undefined) {
      if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) throw AppException.validation(`${at}.metadata must be an object`);
      for (const [k, v] of Object.entries(metadata)) {
        if (typeof v !== 'string' || !BASE64.test(v)) throw AppException.validation(`${at}.metadata.${k} must be base64`);
      }
    }
    return { metadata, data };
  });
}

@ApiExcludeController()
@Roles('admin', 'auditor')
@Controller('temporal-codec')
export class TemporalCodecController {
  constructor(@Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec | null) {}

  @Post('decode')
  @HttpCode(200)
  async decode(@Body() body: CodecPayloadsDto): Promise<{ payloads: JsonPayload[] }> {
    const payloads = parsePayloads(body).map(payloadFromJson);
    if (!this.codec) return { payloads: payloads.map(payloadToJson) };
    const out = [];
    for (let i = 0; i < payloads.length; i++) {
      try {
        out.push(...(await this.codec.decode([payloads[i]])));
      } catch (err) {
        throw AppException.validation(`payloads.${i} could not be decrypted: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { payloads: out.map(payloadToJson) };
  }

  @Post('encode')
  @HttpCode(200)
  async encode(@Body() body: CodecPayloadsDto): Promise<{ payloads: JsonPayload[] }> {
    const payloads = parsePayloads(body).map(payloadFromJson);
    return { payloads: (this.codec ? await this.codec.encode(payloads) : payloads).map(payloadToJson) };
  }
}
