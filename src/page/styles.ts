/** The page's stylesheet: one file for the live page, the static site and the simulation report. */
export const styles = `
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0969da;
  --ok: #1a7f37; --fail: #cf222e; --warn: #9a6700; --nav: 15rem; --details: 20rem;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
button, input, select { font: inherit; }
pre, code { font: 12.5px/1.45 ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; overflow: auto; margin: .4rem 0 1rem; white-space: pre; }
h1, h2, h3 { line-height: 1.25; }

body.app { display: grid; grid-template-rows: auto 1fr; height: 100vh; overflow: hidden; }
.top { display: flex; align-items: center; gap: .8rem; padding: .5rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); min-width: 0; }
.brand { font-weight: 700; letter-spacing: .02em; }
.top .files { color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; flex: 1; }
.status { font-size: 12px; padding: .1rem .55rem; border-radius: 1rem; border: 1px solid var(--line); color: var(--muted); white-space: nowrap; }
.status.live { color: var(--ok); border-color: #aceebb; background: #dafbe1; }
.status.errors { color: var(--fail); border-color: #ffcecb; background: #ffebe9; }
.status.offline { color: var(--warn); border-color: #f5e0a0; background: #fff8c5; }

.layout { display: grid; grid-template-columns: var(--nav) 1fr auto; min-height: 0; }
nav.views { border-right: 1px solid var(--line); overflow-y: auto; padding: .6rem 0 1rem; }
nav.views h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: .9rem 1rem .3rem; }
nav.views ul { list-style: none; margin: 0; padding: 0; }
nav.views a { display: block; padding: .28rem 1rem; color: var(--fg); text-decoration: none; border-left: 3px solid transparent; overflow-wrap: anywhere; }
nav.views a:hover { background: var(--soft); }
nav.views a[aria-current="true"] { border-left-color: var(--accent); background: #ddf4ff; font-weight: 600; }
nav.views .kind { color: var(--muted); font-size: 12px; }

main { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
.view-pane { display: flex; flex-direction: column; flex: 1; min-height: 0; }
.toolbar { display: flex; align-items: center; gap: .35rem; padding: .45rem .8rem; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.toolbar h1 { font-size: 15px; margin: 0 auto 0 0; overflow-wrap: anywhere; }
.toolbar button, .button { border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: .2rem .6rem; cursor: pointer; color: var(--fg); }
.toolbar button:hover, .button:hover { background: var(--soft); }
.toolbar .zoom { min-width: 3.2rem; text-align: center; color: var(--muted); font-size: 12px; }
.toolbar .sep { width: 1px; height: 1.2rem; background: var(--line); margin: 0 .3rem; }
.canvas { position: relative; flex: 1; overflow: hidden; background: #fff; cursor: grab; min-height: 0;
  background-image: radial-gradient(#e6e9ec 1px, transparent 1px); background-size: 16px 16px; }
.canvas.dragging { cursor: grabbing; }
.stage { position: absolute; left: 0; top: 0; transform-origin: 0 0; padding: 16px; }
.stage svg { display: block; max-width: none !important; background: #fff; }
.stage .participant-hit { cursor: pointer; }
.stage .selected-participant rect, .stage .selected-participant path, .stage .selected-participant polygon { stroke: var(--accent) !important; stroke-width: 2.5px !important; }
.hint { margin: 0; padding: .3rem .8rem; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); }
.view-error { margin: 1rem; color: var(--fail); }

aside.details { width: var(--details); border-left: 1px solid var(--line); overflow-y: auto; padding: .8rem 1rem; background: #fff; }
aside.details h2 { font-size: 15px; margin: 0 1.5rem .2rem 0; overflow-wrap: anywhere; }
aside.details .kind { color: var(--muted); margin: 0 0 .6rem; }
aside.details h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: .9rem 0 .25rem; }
aside.details ul { margin: 0; padding-left: 1.1rem; }
aside.details li { overflow-wrap: anywhere; }
aside.details .close { float: right; border: 0; background: none; font-size: 18px; cursor: pointer; color: var(--muted); }
aside.details code { background: var(--soft); padding: .05rem .3rem; border-radius: 4px; }

.overlay { position: fixed; right: 1rem; bottom: 1rem; width: min(46rem, calc(100vw - 2rem)); max-height: 60vh; overflow: auto;
  background: #fff; border: 1px solid #ffcecb; border-left: 5px solid var(--fail); border-radius: 8px; box-shadow: 0 8px 24px rgba(31,35,40,.18); padding: .8rem 1rem; z-index: 10; }
.overlay h2 { font-size: 14px; margin: 0 0 .2rem; color: var(--fail); }
.overlay .note { margin: 0 0 .6rem; color: var(--muted); font-size: 12px; }
.overlay .diagnostic { margin-bottom: .8rem; }
.overlay .where { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
.overlay .severity-error { color: var(--fail); font-weight: 600; }
.overlay .severity-warning { color: var(--warn); font-weight: 600; }
.overlay .code { color: var(--muted); }
.overlay pre { margin: .3rem 0 0; }

.panel { overflow-y: auto; padding: 1rem 1.4rem 2rem; flex: 1; min-height: 0; }
.panel h1 { font-size: 18px; margin: 0 0 .8rem; }
.sim-form { display: grid; grid-template-columns: max-content 1fr; gap: .55rem 1rem; align-items: start; max-width: 46rem;
  padding: .9rem 1rem; border: 1px solid var(--line); border-radius: 8px; background: var(--soft); margin-bottom: 1.2rem; }
.sim-form label.row { font-weight: 600; padding-top: .2rem; }
.sim-form .choices { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.sim-form .choices label { white-space: nowrap; }
.sim-form .choices label.unavailable { color: var(--muted); }
.sim-form input[type="number"], .sim-form input[type="text"] { width: 100%; max-width: 22rem; padding: .25rem .45rem; border: 1px solid var(--line); border-radius: 6px; }
.sim-form .help { color: var(--muted); font-size: 12px; }
.sim-form .actions { grid-column: 2; display: flex; gap: .8rem; align-items: center; }
.sim-form button[type="submit"] { background: var(--ok); color: #fff; border: 1px solid #116329; border-radius: 6px; padding: .3rem 1.1rem; font-weight: 600; cursor: pointer; }
.sim-form button[disabled] { opacity: .6; cursor: progress; }
.sim-error { color: var(--fail); white-space: pre-wrap; }

.simulation { max-width: 72rem; }
.simulation > h2 { font-size: 17px; display: flex; align-items: center; gap: .6rem; flex-wrap: wrap; margin: 0 0 .5rem; overflow-wrap: anywhere; }
.simulation h3 { font-size: 14px; margin: 1.3rem 0 .3rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
.badge { display: inline-block; padding: .08rem .65rem; border-radius: 1rem; color: #fff; font-weight: 700; font-size: 12px; letter-spacing: .04em; }
.badge.ok { background: var(--ok); } .badge.fail { background: var(--fail); }
.simulation .diagram { overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: .5rem; background: #fff; }
.simulation .diagram pre.mermaid { background: none; border: 0; }
.simulation .diagram svg { max-width: none !important; height: auto; }
.simulation .actions { margin: .3rem 0; }
.histogram svg { display: block; max-width: 100%; height: auto; }
.histogram .bar { fill: #54aeff; }
.histogram .axis { stroke: var(--muted); stroke-width: 1; }
.histogram text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.histogram .empty { color: var(--muted); }

body.report { margin: 0; }
body.report .panel { padding: 1.5rem 2rem; }
`;
