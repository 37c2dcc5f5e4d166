import type { Body, FormDataField, KeyValue } from '../../src/model/index.js';
import type { KnownVariable } from '../stores/variables-store.js';
import { CodeArea } from './CodeArea.js';
import { FormDataTable } from './FormDataTable.js';
import { KeyValueTable } from './KeyValueTable.js';
import { jsonProblem } from './body-check.js';

type Choice = 'none' | 'json' | 'xml' | 'text' | 'formdata' | 'urlencoded' | 'graphql';

const CHOICES: { key: Choice; label: string }[] = [
  { key: 'none', label: 'none' },
  { key: 'json', label: 'JSON' },
  { key: 'xml', label: 'XML' },
  { key: 'text', label: 'Text' },
  { key: 'formdata', label: 'form-data' },
  { key: 'urlencoded', label: 'x-www-form-urlencoded' },
  { key: 'graphql', label: 'GraphQL' },
];

function choiceOf(body: Body): Choice {
  if (body.mode === 'raw') return body.language === 'json' ? 'json' : body.language === 'xml' ? 'xml' : 'text';
  if (body.mode === 'file') return 'none';
  return body.mode;
}

/** Switch body type, carrying the text over between raw kinds. */
function switchTo(choice: Choice, body: Body): Body {
  const raw = body.mode === 'raw' ? body.raw : '';
  switch (choice) {
    case 'none':
      return { mode: 'none' };
    case 'json':
      return { mode: 'raw', raw, language: 'json' };
    case 'xml':
      return { mode: 'raw', raw, language: 'xml' };
    case 'text':
      return { mode: 'raw', raw, language: 'text' };
    case 'formdata':
      return { mode: 'formdata', formdata: body.mode === 'formdata' ? body.formdata : [] };
    case 'urlencoded':
      return { mode: 'urlencoded', urlencoded: body.mode === 'urlencoded' ? body.urlencoded : [] };
    case 'graphql':
      return { mode: 'graphql', graphql: body.mode === 'graphql' ? body.graphql : { query: '', variables: '' } };
  }
}

/** The body in every mode; invalid JSON is marked where it is and stops the send. */
export function BodyEditor({ body, onChange, known }: { body: Body; onChange: (body: Body) => void; known: Map<string, KnownVariable> }) {
  const choice = choiceOf(body);
  const problem = body.mode === 'raw' && body.language === 'json' ? jsonProblem(body.raw) : null;
  const graphqlProblem = body.mode === 'graphql' && body.graphql.variables ? jsonProblem(body.graphql.variables) : null;
  return (
    <div className="body-editor">
      <div className="body-modes" role="radiogroup" aria-label="Body type">
        {CHOICES.map((c) => (
          <label key={c.key} className={c.key === choice ? 'radio active' : 'radio'}>
            <input type="radio" name="body-mode" checked={c.key === choice} onChange={() => onChange(switchTo(c.key, body))} data-testid={`body-mode-${c.key}`} />
            {c.label}
          </label>
        ))}
        {body.mode === 'raw' && body.language === 'json' && !problem && body.raw.trim() !== '' && (
          <button
            type="button"
            className="btn link small"
            onClick={() => {
              try {
                onChange({ ...body, raw: JSON.stringify(JSON.parse(body.raw), null, 2) });
              } catch {
                // Holds {{variables}} outside strings: leave it as typed.
              }
            }}
          >
            Beautify
          </button>
        )}
      </div>
      {choice === 'none' && <p className="muted pad">This request has no body.</p>}
      {body.mode === 'raw' && (
        <>
          <CodeArea value={body.raw} onChange={(raw) => onChange({ ...body, raw })} errorLine={problem?.line} placeholder={choice === 'json' ? '{\n  "name": "{{name}}"\n}' : ''} testId="body-raw" />
          {problem && (
            <p className="error-text" role="alert" data-testid="body-json-error">
              Invalid JSON at line {problem.line}, column {problem.column}: {problem.message}. It will not be sent until fixed (or switch to Text).
            </p>
          )}
        </>
      )}
      {body.mode === 'urlencoded' && <KeyValueTable testId="urlencoded" rows={body.urlencoded} known={known} onChange={(urlencoded: KeyValue[]) => onChange({ mode: 'urlencoded', urlencoded })} />}
      {body.mode === 'formdata' && <FormDataTable rows={body.formdata} onChange={(formdata: FormDataField[]) => onChange({ mode: 'formdata', formdata })} />}
      {body.mode === 'graphql' && (
        <div className="graphql">
          <div>
            <div className="label">Query</div>
            <CodeArea value={body.graphql.query} onChange={(query) => onChange({ mode: 'graphql', graphql: { ...body.graphql, query } })} placeholder="query { viewer { login } }" testId="body-graphql-query" />
          </div>
          <div>
            <div className="label">Variables (JSON)</div>
            <CodeArea value={body.graphql.variables ?? ''} onChange={(variables) => onChange({ mode: 'graphql', graphql: { ...body.graphql, variables } })} errorLine={graphqlProblem?.line} placeholder='{ "id": 1 }' />
            {graphqlProblem && <p className="error-text">Invalid JSON at line {graphqlProblem.line}: {graphqlProblem.message}</p>}
          </div>
        </div>
      )}
      {body.mode === 'file' && <p className="muted pad">Binary body from file: {body.file.src}</p>}
    </div>
  );
}
