import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

export const IDEMPOTENT_KEY = 'silkcart:idempotent';

/**
 * The route honours `Idempotency-Key`: the request interceptor runs the handler through
 * `Idempotency` (first answer kept 24 h per store and key, replayed to a retry with the same
 * body; another body → 422; still running → 409). Required on every POST under
 * `/stores/{storeId}/...`: the api refuses to start when one lacks it.
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_KEY, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: '1-255 characters; replays the first answer for 24 h',
    }),
    ApiResponse({ status: 422, description: 'Idempotency-Key reused with another body' }),
  );
