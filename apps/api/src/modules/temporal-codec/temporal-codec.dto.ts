import { ArrayMaxSize, IsArray } from 'class-validator';

/** The remote-codec request body; each payload's shape is checked by the controller (its metadata keys are free). */
export class CodecPayloadsDto {
  @IsArray()
  @ArrayMaxSize(1000)
  payloads!: unknown[];
}
