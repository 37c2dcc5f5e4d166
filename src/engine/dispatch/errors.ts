import { PosternError } from '../../model/index.js';

/** Maps what undici or Node threw while a request was under way to one readable line. */
export function requestError(error: unknown, url: URL): PosternError {
  if (error instanceof PosternError) return error;
  const err: Error & { code?: string } = error instanceof Error ? error : new Error(String(error));
  const target = url.host;
  switch (err.code) {
    case 'UND_ERR_SOCKET':
      return new PosternError('CONNECTION_RESET', `${target} closed the connection before the response was complete`, {}, { cause: err });
    case 'UND_ERR_HEADERS_OVERFLOW':
      return new PosternError('NETWORK', `${target} sent response headers larger than allowed`, {}, { cause: err });
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new PosternError('CONNECT_TIMEOUT', `timed out connecting to ${target}`, {}, { cause: err });
    case 'UND_ERR_ABORTED':
      return new PosternError('ABORTED', 'the request was cancelled', {}, { cause: err });
    case 'UND_ERR_INVALID_ARG':
      return new PosternError('INVALID_INPUT', `invalid request: ${err.message}`, {}, { cause: err });
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
      return new PosternError('NETWORK', `${target} sent a malformed HTTP response (${err.message})`, {}, { cause: err });
  }
  if (err.name === 'HTTPParserError' || err.code?.startsWith('HPE_')) {
    return new PosternError('NETWORK', `${target} sent a malformed HTTP response (${err.message})`, {}, { cause: err });
  }
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
    return new PosternError('CONNECTION_RESET', `connection reset by ${target}`, {}, { cause: err });
  }
  return new PosternError('NETWORK', `request to ${target} failed: ${err.message}`, {}, { cause: err });
}
