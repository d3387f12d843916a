# Regenerates AR502's word lists (src/rules/diacritics-*.txt; add their two header lines back).
# Needs the wordfreq package (pip install wordfreq); run from the repository root.
import wordfreq, re
ok = re.compile('^[a-zåäöé]+$')
ws = wordfreq.top_n_list('sv', 300000)
z = lambda w: wordfreq.zipf_frequency(w, 'sv')
# é words: a hand-picked Swedish set (the frequency list has many names with é)
E = """idé idéer idén idéerna idéns idéburen idéburna idéburet idébaserad idébaserade idéell idéella idéellt
idéutveckling idéprogram idéarbete idéskiss idéslussen idékraft affärsidé affärsidéer armé armén arméer
entré entrén entréer kafé kaféer kaféet kafét allé allén alléer ateljé ateljén ateljéer kommitté kommittén
kommittéer filé gelé trofé trofén trofér resumé kvalité kvalitéer moské moskén moskéer européer européerna
orkidé orkidéer museét""".split()
lex = []
seen = set()
for w in ws:
    if not ok.match(w) or 'é' in w:
        continue
    if any(c in w for c in 'åäö') and z(w) >= 3.0 and len(w) >= 2:
        lex.append(w); seen.add(w)
for w in E:
    if w not in seen:
        lex.append(w); seen.add(w)
open('src/rules/diacritics-words.txt', 'w').write('\n'.join(lex) + '\n')
# ordinary words without diacritics
DIA = {'a': 'åä', 'o': 'ö', 'e': 'é'}
def damage_like(w):
    zw = z(w)
    for i, c in enumerate(w):
        for d in DIA.get(c, ''):
            v = w[:i] + d + w[i+1:]
            if z(v) > zw:
                return True
    return False
SHORT = "i å ö en de du vi ni ja om av nu sa ha ta ju ej el ur se le gå då bo nå må få by ek ko ro sy tå ån ön ål".split()
# abbreviations written without their dots ("bla" for "bl.a.") are appended by hand at the end of the list:
# bla tex dvs osv mfl mm sk ca resp pga iom fd st kr mkr tkr mnkr mdkr nr tel jfr etc ev inkl exkl fr tom fom ff dnr
ordn = [w for w in SHORT if not any(c in w for c in 'åäö')]
for w in ws:
    if len(w) >= 3 and re.match('^[a-z]+$', w) and z(w) >= 3.5 and not damage_like(w):
        ordn.append(w)
open('src/rules/diacritics-common.txt', 'w').write('\n'.join(ordn) + '\n')
print(len(lex), len(ordn))
