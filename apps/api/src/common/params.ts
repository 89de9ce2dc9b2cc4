import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from './errors';

/** A UUID path parameter; anything else is a 400 naming the parameter. */
export const UuidParam = (name = 'id'): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => AppException.validation(`${name} must be a UUID`) }));
