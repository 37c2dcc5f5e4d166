import { toWireError } from '../api/index.js';
import { PosternError, isPosternError } from '../model/index.js';
import { createSecretMasker } from '../variables/index.js';
import type { GroupHandlers } from './handlers.js';
import { recordHistory } from './history.js';
import { responseView } from './response-view.js';
import { planSend, transmit, type SendPlan } from './send-request.js';

/** The error with secret values masked in its message (a URL that failed may carry one). */
function masked(error: unknown, secrets: readonly string[]): unknown {
  if (!isPosternError(error) || secrets.length === 0) return error;
  const mask = createSecretMasker(secrets);
  const message = mask(error.message);
  return message === error.message ? error : new PosternError(error.code, message, error.where, { cause: error });
}

/** `requests.*`: send as edited, cancel, and read further pages of a kept body. */
export const requestHandlers: GroupHandlers<'requests'> = {
  'requests.send': async (ctx, input) => {
    if (ctx.sends.has(input.sendId)) {
      throw new PosternError('INVALID_INPUT', `requests.send: a send with id "${input.sendId}" is already in flight`, { path: 'input.sendId' });
    }
    const controller = new AbortController();
    ctx.sends.set(input.sendId, controller);
    const sentAt = ctx.clock();
    let plan: SendPlan | undefined;
    try {
      plan = planSend(ctx, input, controller.signal);
      const response = await transmit(ctx, plan);
      await recordHistory(ctx, { workspaceId: input.workspaceId, request: plan.resolved, sentAt, secrets: plan.secrets, response });
      return await responseView(ctx.bodies, response, {
        secrets: plan.secrets,
        pageSize: input.pageSize,
        method: plan.resolved.method,
        redirectPolicy: plan.options.redirects,
        unresolved: plan.unresolved,
        warnings: plan.warnings,
      });
    } catch (error) {
      const secrets = plan?.secrets ?? [];
      const failure = masked(error, secrets);
      // Only a request that got as far as being resolved is history; a bad id or a missing collection is not.
      if (plan) await recordHistory(ctx, { workspaceId: input.workspaceId, request: plan.resolved, sentAt, secrets, error: toWireError(failure) }).catch(() => undefined);
      throw failure;
    } finally {
      ctx.sends.delete(input.sendId);
    }
  },
  'requests.cancel': async (ctx, input) => {
    const controller = ctx.sends.get(input.sendId);
    if (!controller) return { cancelled: false };
    controller.abort(new PosternError('ABORTED', 'the request was cancelled'));
    return { cancelled: true };
  },
  'requests.body': async (ctx, input) => ctx.bodies.page(input.responseId, input.offset, input.length),
};
