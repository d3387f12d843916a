# Rebuilds damaged.yaml, repaired.yaml and expected.tsv from the seed text (Region Skåne 2020 as
# extracted from its PDF) and the hand transcription examples/skane-2020.yaml: paragraphs whose text
# aligns with the transcription, every difference a damaged word. Expects the seed under /work/shared.
import yaml, re, json, sys
seed = open('/work/shared/seeds/000_0a9c824e3a36ff18.txt', encoding='utf-8').read()
sk = yaml.safe_load(open('/work/wt-ar502/examples/skane-2020.yaml', encoding='utf-8'))
strings = []
def walk(v):
    if isinstance(v, str): strings.append(v)
    elif isinstance(v, dict): [walk(x) for x in v.values()]
    elif isinstance(v, list): [walk(x) for x in v]
walk(sk)
BASE = {'å':'a','ä':'a','ö':'o','é':'e','Å':'A','Ä':'A','Ö':'O','É':'E'}
# paragraphs: blocks separated by blank lines
blocks = re.split(r'\n[ \t\u00a0]*\n', seed)
paras = []
for b in blocks:
    lines = [l.rstrip() for l in b.split('\n') if l.strip()]
    while lines and re.match(r'^\s*\d+(\.\d+)+\s', lines[0]): lines = lines[1:]
    if lines and lines[0].strip().startswith('Beskriv kortfattat'): continue
    if len(lines) < 2: continue
    if sum(len(l) for l in lines) / len(lines) < 70: continue
    if any('\uf0b7' in l or '\t' in l for l in lines): continue
    # hyphenated line breaks: the word's rest moves up to the line before
    k = 0
    while k + 1 < len(lines):
        if lines[k].endswith('-') and lines[k+1][:1].islower():
            head, _, tail = lines[k+1].partition(' ')
            lines[k] = lines[k][:-1] + head
            lines[k+1] = tail
            if not tail.strip(): del lines[k+1]
        k += 1
    paras.append([l.strip() for l in lines])
print('candidate paragraphs', len(paras), file=sys.stderr)

def norm(s):
    return ''.join(BASE.get(c, c).lower() for c in s if not c.isspace())

def align(d, s):
    """Repair damaged text d against transcription s (starting at s[0]); returns repaired text."""
    i = j = 0; out = []
    while i < len(d):
        if j >= len(s): return None
        dc, sc = d[i], s[j]
        if dc == sc:
            out.append(dc); i += 1; j += 1
        elif BASE.get(sc) == dc:
            out.append(sc); i += 1; j += 1
            # the space the damage inserted (one; "pa  att" has two, one is real)
            if i < len(d) and d[i] == ' ' and not (j < len(s) and s[j] == ' '):
                i += 1
            elif i + 1 < len(d) and d[i] == ' ' and d[i+1] == ' ' and j < len(s) and s[j] == ' ':
                i += 1
        elif dc == ' ' and i > 0 and d[i-1] in BASE and sc != ' ':
            i += 1  # "Ö ppna"
        elif dc == '\n' and sc == ' ':
            out.append('\n'); i += 1; j += 1
        elif dc == '\n' and sc != ' ':
            out.append('\n'); i += 1
        elif dc == ' ' and sc == '\n':
            out.append(' '); i += 1; j += 1
        elif dc == ' ' and d[i-1:i] == ' ':
            out.append(' '); i += 1  # doubled space in the source
        elif sc.isspace():
            j += 1
        else:
            return None
    return ''.join(out)

big = '\n'.join(strings)
bign = []; idx = []
for k, c in enumerate(big):
    if not c.isspace():
        bign.append(BASE.get(c, c).lower()); idx.append(k)
bign = ''.join(bign)
pairs = []
for p in paras:
    d = '\n'.join(p)
    n = norm(d)
    at = bign.find(n[:60])
    if at < 0: continue
    rep = align(d, big[idx[at]:])
    if rep is None: continue
    if rep == d: continue
    pairs.append((d, rep))
print('aligned paragraphs', len(pairs), file=sys.stderr)
json.dump(pairs, open('/tmp/ar502-pairs.json', 'w'), ensure_ascii=False, indent=0)
if len(sys.argv) > 1:
    for p in paras:
        d = '\n'.join(p); n = norm(d); at = bign.find(n[:60])
        if at < 0: print('NOTFOUND', d[:80]); continue
        # find mismatch point
        s = big[idx[at]:]
        i=j=0
        r = align(d, s)
        if r is None: print('MISMATCH', d[:100].replace('\n','|'))
import json, re, difflib
pairs = json.load(open('/tmp/ar502-pairs.json'))
BASE = {'å':'a','ä':'a','ö':'o','é':'e','Å':'A','Ä':'A','Ö':'O','É':'E'}
def norm(s): return ''.join(BASE.get(c, c) for c in s)
tmpl = open('/work/wt-ar502/examples/exempel-2020.yaml', encoding='utf-8').read().split('\n')
assert tmpl[23].strip() == 'utmaningar:' and tmpl[26].strip() == 'inomregionala_skillnader:', tmpl[23:28]
half = len(pairs) // 2
def build(which):
    out = tmpl[:24]  # through "utmaningar:"
    out.append('      text: |')
    blocks = []
    for k, p in enumerate(pairs[:half]):
        if k: out.append('')
        for l in p[which].split('\n'): out.append('        ' + l)
    out.append('    inomregionala_skillnader:')
    out.append('      text: >')
    for k, p in enumerate(pairs[half:]):
        if k: out.append('')
        for l in p[which].split('\n'): out.append('        ' + l)
    out += tmpl[29:]
    return out
dmg = build(0); rep = build(1)
assert len(dmg) == len(rep)
hdr = ['# Region Skåne 2020, prose copied out of the PDF (seeds/000): the damaged text, for AR502 recall.',
       '# Lines 25 onward are the seed paragraphs; tests/data/ar502/expected.tsv lists every damaged word.']
hdr2 = ['# The same paragraphs as damaged.yaml, repaired after the hand transcription in examples/skane-2020.yaml.',
        '# AR502 must find nothing here.']
dmg = hdr + dmg[2:]; rep = hdr2 + rep[2:]
open('/work/wt-ar502/tests/data/ar502/damaged.yaml','w').write('\n'.join(dmg))
open('/work/wt-ar502/tests/data/ar502/repaired.yaml','w').write('\n'.join(rep))
rows = []; words = 0; dlines = set()
for ln, (d, r) in enumerate(zip(dmg, rep), start=1):
    words += len(r.split()) if ln >= 25 else 0
    if d == r or ln < 25: continue
    dt = [(m.start(), m.group()) for m in re.finditer(r'\S+', d)]
    rt = [m.group() for m in re.finditer(r'\S+', r)]
    sm = difflib.SequenceMatcher(a=[t for _, t in dt], b=rt, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == 'equal': continue
        a = a1
        for b in range(b1, b2):
            target = norm(rt[b]); acc = ''; start = a
            while a < a2 and len(acc) < len(target):
                acc += norm(dt[a][1]); a += 1
            assert acc == target, (ln, dt[a1:a2], rt[b1:b2])
            col = dt[start][0]
            end = dt[a-1][0] + len(dt[a-1][1])
            dtext = d[col:end]; rword = rt[b]
            # strip punctuation at the ends
            lead = len(dtext) - len(dtext.lstrip('(“”"\'–-'))
            dtext2 = dtext[lead:].rstrip('.,;:)“”"\'!?–-')
            rword2 = rword.strip('.,;:()“”"\'!?–-')
            c0 = col + lead
            for dpart, rpart in zip(re.split('[/-]', dtext2), re.split('[/-]', rword2)):
                if norm(dpart) != norm(rpart).replace(' ', '') and dpart != rpart:
                    rows.append((ln, c0 + 1, dpart, rpart))
                elif dpart != rpart:
                    rows.append((ln, c0 + 1, dpart, rpart))
                c0 += len(dpart) + 1
        assert a == a2
    dlines.add(ln)
with open('/work/wt-ar502/tests/data/ar502/expected.tsv','w') as f:
    f.write('# line\tcolumn\tdamaged\trepaired — every damaged word of damaged.yaml (column in characters, 1-based)\n')
    for r in rows: f.write('%d\t%d\t%s\t%s\n' % r)
print('paragraphs', len(pairs), 'words', words, 'damaged words', len(rows), 'damaged lines', len(dlines))
