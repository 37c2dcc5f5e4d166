import type { ResponseView } from '../../src/api/index.js';
import { EmptyState } from '../ui/EmptyState.js';

function contentType(response: ResponseView): string {
  return response.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1].toLowerCase() ?? '';
}

/** Images as images, HTML in a sandboxed frame with scripts off, text as text (first page only). */
export function BodyPreview({ response }: { response: ResponseView }) {
  const type = contentType(response);
  const { body } = response;
  if (type.startsWith('image/') && body.encoding === 'base64' && !body.truncated) {
    return (
      <div className="preview-image">
        <img alt="Response" src={`data:${type.split(';')[0] ?? 'image/png'};base64,${body.data}`} data-testid="response-preview-image" />
      </div>
    );
  }
  if (type.includes('html') && body.encoding === 'text') {
    return <iframe className="preview-frame" title="HTML preview" sandbox="" srcDoc={body.data} data-testid="response-preview-html" />;
  }
  if (body.encoding === 'text') return <pre className="preview-text">{body.data.slice(0, 200_000)}</pre>;
  return <EmptyState title="No preview">This kind of body ({type || 'unknown type'}) has no preview.</EmptyState>;
}
