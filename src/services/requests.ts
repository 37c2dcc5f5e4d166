import { toWireError } from '../api/index.js';
import { PosternError, isPosternError } from '../model/index.js';
import { createSecretMasker } from '../variables/index.js';
import type { GroupHandlers } from './handlers.js';
import { recordHistory } from './history.js';
import { responseView } from './response-view.js';
import { locateSend, planSend, transmit, type SendPlan } from './send-request.js';
import { SendScripts } from './send-scripts.js';

/** The error with secret values masked in its message (a URL that failed may carry one). */
function masked(error: unknown, secrets: readonly string[]): unknown {
  if (!isPosternError(error) || secrets.length === 0) return error;
  const mask = createSecretMasker(secrets);
  const message = mask(error.message);
  return message === error.message ? error : new PosternError(error.code, message, error.where, { cause: error });
}

/**
 * `requests.*`: send as edited (pre-request scripts, the request, test scripts), cancel, and read
 * further pages of a kept body.
 */
export const requestHandlers: GroupHandlers<'requests'> = {
  'requests.send': async (ctx, input) => {
    if (ctx.sends.has(input.sendId)) {
      throw new PosternError('INVALID_INPUT', `requests.send: a send with id "${input.sendId}" is already in flight`, { path: 'input.sendId' });
    }
    const controller = new AbortController();
    ctx.sends.set(input.sendId, controller);
    const sentAt = ctx.clock();
    let plan: SendPlan | undefined;
    let scripts: SendScripts | undefined;
    try {
      const place = locateSend(ctx, input);
      scripts = SendScripts.open(ctx, place, controller.signal);
      const request = await scripts.prerequest(place.request);
      plan = planSend(place, request, scripts.variables, controller.signal);
      const response = await transmit(ctx, plan);
      await scripts.tests(request, response);
      scripts.persist();
      const secrets = [...new Set([...plan.secrets, ...scripts.secretValues()])];
      const results = scripts.view(secrets);
      const view = await responseView(ctx.bodies, response, {
        secrets,
        pageSize: input.pageSize,
        method: plan.resolved.method,
        redirectPolicy: plan.options.redirects,
        unresolved: plan.unresolved,
        warnings: plan.warnings,
        ...(results === undefined ? {} : { scripts: results }),
      });
      // History keeps what was shown (redirect hops, warnings, timings), every secret masked.
      await recordHistory(ctx, { workspaceId: input.workspaceId, request: plan.resolved, sentAt, secrets, response, view });
      return view;
    } catch (error) {
      // What the pre-request scripts set stays set, even when the request then failed.
      try {
        scripts?.persist();
      } catch {
        // The send's own error is the one to report.
      }
      const secrets = [...new Set([...(plan?.secrets ?? []), ...(scripts?.secretValues() ?? [])])];
      const failure = masked(error, secrets);
      // Only a request that got as far as being resolved is history; a bad id or a missing collection is not.
      if (plan) await recordHistory(ctx, { workspaceId: input.workspaceId, request: plan.resolved, sentAt, secrets, error: toWireError(failure) }).catch(() => undefined);
      throw failure;
    } finally {
      scripts?.dispose();
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
