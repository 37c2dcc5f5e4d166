/** Served at `/` when there is no renderer build. No script and no inline style: the CSP allows neither. */
export const UI_NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Postern: the UI is not built</title>
</head>
<body>
<h1>The Postern UI is not built</h1>
<p>The agent is running and its API answers, but there is no renderer build to show:
<code>dist/renderer/index.html</code> is missing.</p>
<p>From the Postern checkout, build the renderer into <code>dist/renderer</code>, then start browser mode again:</p>
<pre>npm run build:renderer
postern web</pre>
<p>Stop this agent first with Ctrl-C in the terminal where it runs.</p>
</body>
</html>
`;
