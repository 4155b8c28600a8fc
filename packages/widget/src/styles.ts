// The prompt's whole stylesheet. It lives in the shadow root, so nothing here reaches the host
// page, and no selector of the page reaches in. What could still come in is inherited through
// the host element, or forced onto it with `!important`: `:host` resets it all, and wins,
// because between contexts the inner `!important` beats the outer one (CSS Cascade 4). The one
// thing taken from the page on purpose is the font family (`font-family: inherit`).
//
// A theme is three colours: `--tp-background`, `--tp-text` and `--tp-brand` (set from
// `appearance`, or by the page's CSS on the host); muted text, lines and hovers are mixed from
// them, so custom colours stay coherent. Text on the brand colour is white or black, whichever
// contrasts more, unless `--tp-brand-text` says otherwise: the brand's relative luminance (Y in
// XYZ, as WCAG's contrast ratio counts it) is compared with 0.179, where both contrast alike,
// and the difference, scaled far past 1, clips to white or to black. Sizes are px on purpose:
// the page's root font size must not scale the prompt (browser zoom still does).
//
// Hand-minified: this string ships as is. Since `:host` resets what is inherited, `.tp *`
// undoes only what the browser's own styles give controls and headings (margins, borders,
// fonts). Rules with the same declarations share one selector list, wherever their
// specificity, not their place, decides: `.stars .o:hover~.o` (after the hovered star) beats
// `.stars .lit` by specificity and never matches what `.stars .o:hover` or `:has(~.o:hover)`
// match. `:has()` stays in a rule of its own, so that a browser without it keeps the others.

const dark =
  'color-scheme:dark;--bg:var(--tp-background,#1d2028);--fg:var(--tp-text,#eceef3);--br:var(--tp-brand,#a5b4fc);--on:var(--tp-brand-text,#111318);--st:#fbbf24;--sh:0 0 0 1px #ffffff1f,0 16px 48px -8px #000a'

/** The prompt's stylesheet, for its shadow root. */
export const css = `
:host{all:initial!important;display:contents!important;font-family:inherit!important}
.tp{display:contents;color-scheme:light;--bg:var(--tp-background,#fff);--fg:var(--tp-text,#1a1d24);--br:var(--tp-brand,#4f46e5);--on:var(--tp-brand-text,#fff);--st:#d97706;--sh:0 0 0 1px #0f172a0f,0 16px 48px -8px #0f172a40,0 4px 12px -4px #0f172a1f;--mu:color-mix(in srgb,var(--fg) 70%,var(--bg));--ln:color-mix(in srgb,var(--fg) 16%,var(--bg));--in:color-mix(in srgb,var(--fg) 52%,var(--bg));--hv:color-mix(in srgb,var(--fg) 6%,var(--bg));--r:var(--tp-radius,14px);--r2:calc(var(--r)*.6)}
.dark{${dark}}
@media (prefers-color-scheme:dark){.auto{${dark}}}
.tp:lang(ja){word-break:auto-phrase;line-break:strict}
.tp *{box-sizing:border-box;margin:0;padding:0;border:0;background:none;font:inherit;color:inherit}
.card{position:fixed;z-index:var(--z);inset:auto 16px 16px auto;width:min(440px,100% - 32px);max-width:none;max-height:calc(100% - 32px);overflow:auto;padding:20px;background:var(--bg);color:var(--fg);border-radius:var(--r);box-shadow:var(--sh);font-size:15px;line-height:1.45;font-family:var(--tp-font);text-align:start;overflow-wrap:anywhere;-webkit-tap-highlight-color:transparent;animation:tp-in .24s cubic-bezier(.2,.8,.3,1);container-type:inline-size}
.bottom-left .card{inset:auto auto 16px 16px}
.top .card{inset:16px 0 auto;margin:0 auto}
.center .card{inset:0;margin:auto;height:fit-content;width:min(480px,100% - 32px)}
.inline .card{position:relative;inset:auto;z-index:auto;width:100%;max-height:none;box-shadow:0 0 0 1px var(--ln);animation:none}
.card::backdrop{background:#0f172a73;animation:tp-fade .2s}
.q{margin-inline-end:32px;font-size:16px;font-weight:600;line-height:1.35;text-wrap:pretty}
.x{position:absolute;top:12px;inset-inline-end:12px;display:grid;place-items:center;width:32px;height:32px;border-radius:8px;color:var(--mu);cursor:pointer}
.tp svg{fill:none;stroke:currentColor;stroke-linecap:round;stroke-linejoin:round}
.x svg{width:16px;height:16px}
.scale{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:4px;margin-top:16px}
.o{position:relative;display:block;cursor:pointer}
.o input{position:absolute;z-index:1;inset:0;width:100%;height:100%;opacity:0;appearance:none;cursor:pointer}
.o span{display:grid;place-items:center;min-height:40px;border:1px solid var(--ln);border-radius:var(--r2);font-weight:600;font-variant-numeric:tabular-nums;transition:background-color .15s,border-color .15s,color .15s,transform .1s}
.o:hover span{border-color:var(--in);background:var(--hv)}
.o input:checked+span{border-color:var(--br);background:var(--br);color:var(--on)}
.o:active span{transform:scale(.94)}
.stars .o,.emoji .o,.stars .o:hover~.o{color:var(--mu);--f:none}
.stars .o span,.emoji .o span,.stars .o input:checked+span{width:48px;min-height:48px;margin:auto;border-color:transparent;border-radius:50%;background:none;color:inherit}
.o svg{width:32px;height:32px}
.stars path{fill:var(--f);transition:fill .15s}
.stars .lit,.stars .o:hover{color:var(--st);--f:currentColor}
.stars .o:has(~.o:hover){color:var(--st);--f:currentColor}
.x:hover,.emoji .o:hover span{background:var(--hv);color:var(--fg)}
.emoji .o input:checked+span{background:color-mix(in srgb,var(--br) 14%,var(--bg));color:var(--br)}
.ends{display:flex;justify-content:space-between;gap:16px;margin-top:8px;font-size:12px;line-height:1.3;color:var(--mu)}
.ends bdi:last-child{text-align:end}
.more{display:grid;grid-template-rows:1fr;animation:tp-open .24s cubic-bezier(.2,.8,.3,1)}
.more>div{min-height:0;overflow:hidden;margin:0 -4px -4px;padding:0 4px 4px}
.fu{display:grid;gap:6px;margin-top:16px}
.fu label{font-size:14px;font-weight:600;line-height:1.35}
.fu textarea{display:block;width:100%;min-height:80px;resize:vertical;padding:8px 10px;border:1px solid var(--in);border-radius:var(--r2);background:var(--bg);font-size:14px;line-height:1.4}
.fu textarea:focus{border-color:var(--br);outline:1px solid var(--br)}
.row{display:flex;justify-content:flex-end;margin-top:16px}
.send{min-height:36px;padding:0 18px;border-radius:var(--r2);background:var(--br);color:var(--on);font-size:14px;font-weight:600;cursor:pointer;transition:background-color .15s}
.send:hover{background:color-mix(in srgb,var(--br) 86%,var(--fg))}
.o input:focus-visible+span,.send:focus-visible,.x:focus-visible{outline:2px solid var(--br);outline-offset:2px}
.thanks{display:flex;align-items:center;gap:10px;min-height:32px;margin-inline-end:32px;font-size:16px;font-weight:600;animation:tp-fade .2s}
.thanks svg{flex:none;width:24px;height:24px;color:var(--br)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@container (max-width:360px){.n11{grid-template-columns:repeat(6,minmax(0,1fr))}}
@media (max-width:480px){.card,.bottom-left .card{inset:auto 8px max(8px,env(safe-area-inset-bottom));width:auto;padding:16px}.top .card{inset:8px 8px auto;margin:0}.center .card{inset:0 8px;margin:auto 0;width:auto}}
@media (max-height:440px){.card{padding:14px}.scale{margin-top:10px}.fu textarea{min-height:48px}}
@media (forced-colors:active){.card,.send{border:1px solid CanvasText}.tp .o input:checked+span{forced-color-adjust:none;background:Highlight;color:HighlightText;border-color:Highlight}}
@media (prefers-reduced-motion:reduce){.tp *,.card::backdrop{animation:none!important;transition:none!important}}
@supports (color:oklch(from red l c h)){.tp.tp{--on:var(--tp-brand-text,color(from var(--br) xyz-d65 calc((.179 - y)*1e9) calc((.179 - y)*1e9) calc((.179 - y)*1e9)))}}
@supports not (color:color-mix(in srgb,red,red)){.send:hover{background:var(--br)}.emoji .o input:checked+span{border-color:var(--br)}}
@keyframes tp-in{from{opacity:0;transform:translateY(8px)}}
@keyframes tp-fade{from{opacity:0}}
@keyframes tp-open{from{grid-template-rows:0fr;opacity:0}}
`
