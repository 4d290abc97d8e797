/** The report page's style sheet: system fonts only (nothing to fetch), tables and charts readable at a glance. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1f2328; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 16px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 36px 0 12px; border-bottom: 1px solid #d8dee4; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 28px 0 8px; }
p { overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 12px 0; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d8dee4; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f3f6; }
td.num, th.num { text-align: right; }
pre { background: #f0f3f6; padding: 10px 12px; overflow-x: auto; font-size: 13px; }
figure { margin: 16px 0 24px; }
.chart { position: relative; width: 100%; max-width: 1000px; }
figcaption { color: #57606a; font-size: 13px; margin-top: 4px; }
`;
