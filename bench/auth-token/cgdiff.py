#!/usr/bin/env python3
"""One grant by function: the difference of two callgrind outputs over N.

  bench/auth-token/cgdiff.py CG_DIR/cg.DB.GRANT.0.out CG_DIR/cg.DB.GRANT.out [N] [ROWS] [exclusive]

Runs callgrind_annotate (inclusive unless `exclusive`) on both and prints, per
function, (instructions of the N-grant run - those of the 0-grant run) / N,
largest first: what callgrind.sh's one number is made of.
"""
import re
import subprocess
import sys


def totals(path, inclusive):
    out = subprocess.run(['callgrind_annotate', f'--inclusive={"yes" if inclusive else "no"}', '--threshold=100', path],
                         capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in out.splitlines():
        m = re.match(r'\s*([\d,]+) \([ \d.]+%\)\s+(\S.*)$', line)
        if m and 'PROGRAM TOTALS' not in line:
            rows[m.group(2)] = rows.get(m.group(2), 0) + int(m.group(1).replace(',', ''))
    return rows


base, full = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 100
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 60
inclusive = not (len(sys.argv) > 5 and sys.argv[5] == 'exclusive')
a, b = totals(base, inclusive), totals(full, inclusive)
diff = sorted(((b.get(k, 0) - a.get(k, 0)) / n, k) for k in set(a) | set(b))
for value, name in reversed(diff[-limit:]):
    print(f'{value:12,.0f}  {name[:150]}')
