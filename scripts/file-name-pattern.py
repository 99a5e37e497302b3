#!/usr/bin/env python3
"""Writes server/src/file-name-pattern.txt: the JSON Schema pattern of the `x-file-name` header
of `POST /api/uploads` (routes/uploads.rs), exactly the headers the server takes.

The server takes visible ASCII, spaces and tabs, with `%XX` escapes that decode to UTF-8; the
name is the last part after `/` or `\\` (also escaped ones); control characters and `"<>:|?*`
are dropped, white space around it and dots in front are trimmed; what remains must not be
empty. A regular expression can say that only by listing what each escape decodes to, hence
this generator. It checks the pattern against a model of the server (`server_ok`) on random
headers before writing it. Run it after changing those rules: python3 scripts/file-name-pattern.py
"""
import pathlib
import re, random, unicodedata, urllib.parse
def hx(b): return '%' + ''.join(f'[{c}{c.lower()}]' if c.isalpha() else c for c in f'{b:02X}')
def rng(lo, hi):  # escape regex for one byte in [lo, hi]
    alts=[]
    # group by high nibble
    for h in range(lo>>4, (hi>>4)+1):
        a=max(lo, h<<4)&15; b=min(hi, (h<<4)|15)&15
        H=f'{h:X}'; Hc=f'[{H}{H.lower()}]' if H.isalpha() else H
        def d(x): return f'{x:X}'
        if a==0 and b==15: lo_=f'[0-9A-Fa-f]'
        else:
            chars=[f'{x:X}' for x in range(a,b+1)]
            digits=''.join(c for c in chars if c.isdigit()); letters=''.join(c for c in chars if c.isalpha())
            cls=''
            if digits: cls += (digits[0]+'-'+digits[-1]) if len(digits)>1 else digits
            if letters: cls += (letters[0]+'-'+letters[-1]+letters[0].lower()+'-'+letters[-1].lower()) if len(letters)>1 else letters+letters.lower()
            lo_=f'[{cls}]'
        alts.append(Hc+lo_)
    return '%(' + '|'.join(alts) + ')' if len(alts)>1 else '%'+alts[0]
CONT = rng(0x80,0xBF)
FORBID = '"<>:|?*'
def ascii_kind(c):
    o=ord(c)
    if c in '/\\': return 'sep'
    if o<0x20 or o==0x7f: return 'ctl'
    if c==' ': return 'ws'
    if c=='.': return 'dot'
    if c in FORBID: return 'forbid'
    return 'anchor'
def esc_set(kind):
    bs=[b for b in range(0x80) if ascii_kind(chr(b))==kind]
    # merge into ranges
    out=[];s=None
    for b in bs+[None]:
        if s is None: s=p=b; continue
        if b is not None and b==p+1: p=b; continue
        out.append(rng(s,p)); s=p=b
    return out
def raw_class(kind):
    cs=[chr(b) for b in range(0x20,0x7f) if chr(b)!='%' and ascii_kind(chr(b))==kind]
    if kind=='ctl': cs=['\t']
    return '['+''.join('\\'+c if c in '\\]^-[' else c for c in cs)+']' if cs else None
def alt(xs): return '(' + '|'.join(x for x in xs if x) + ')'
# multi-byte
MB_WS = [rng(0xC2,0xC2)+rng(0xA0,0xA0), rng(0xE1,0xE1)+rng(0x9A,0x9A)+rng(0x80,0x80),
         rng(0xE2,0xE2)+rng(0x80,0x80)+rng(0x80,0x8A), rng(0xE2,0xE2)+rng(0x80,0x80)+rng(0xA8,0xA9),
         rng(0xE2,0xE2)+rng(0x80,0x80)+rng(0xAF,0xAF), rng(0xE2,0xE2)+rng(0x81,0x81)+rng(0x9F,0x9F),
         rng(0xE3,0xE3)+rng(0x80,0x80)+rng(0x80,0x80)]
MB_CTL = [rng(0xC2,0xC2)+rng(0x80,0x9F)]
# anchors: all valid sequences except the above
MB_ANCHOR = [rng(0xC2,0xC2)+rng(0xA1,0xBF), rng(0xC3,0xDF)+CONT,
  rng(0xE0,0xE0)+rng(0xA0,0xBF)+CONT,
  rng(0xE1,0xE1)+'('+ '|'.join([rng(0x80,0x99), rng(0x9B,0xBF)])+')'+CONT, rng(0xE1,0xE1)+rng(0x9A,0x9A)+rng(0x81,0xBF),
  rng(0xE2,0xE2)+rng(0x80,0x80)+'('+'|'.join([rng(0x8B,0xA7), rng(0xAA,0xAE), rng(0xB0,0xBF)])+')',
  rng(0xE2,0xE2)+rng(0x81,0x81)+'('+'|'.join([rng(0x80,0x9E), rng(0xA0,0xBF)])+')',
  rng(0xE2,0xE2)+rng(0x82,0xBF)+CONT,
  rng(0xE3,0xE3)+rng(0x80,0x80)+rng(0x81,0xBF), rng(0xE3,0xE3)+rng(0x81,0xBF)+CONT,
  rng(0xE4,0xEC)+CONT+CONT, rng(0xED,0xED)+rng(0x80,0x9F)+CONT, rng(0xEE,0xEF)+CONT+CONT,
  rng(0xF0,0xF0)+rng(0x90,0xBF)+CONT+CONT, rng(0xF1,0xF3)+CONT+CONT+CONT, rng(0xF4,0xF4)+rng(0x80,0x8F)+CONT+CONT]
ANCHOR = alt([raw_class('anchor')]+esc_set('anchor')+MB_ANCHOR)
DOT = alt([raw_class('dot')]+esc_set('dot'))
WS = alt([raw_class('ws')]+esc_set('ws')+MB_WS)
OTHER = alt([raw_class('ctl'), raw_class('forbid')]+esc_set('ctl')+esc_set('forbid')+MB_CTL)
SEP = alt([raw_class('sep')]+esc_set('sep'))
NOSEP = alt([ANCHOR, DOT, WS, OTHER])
ANY = alt([NOSEP, SEP])
PATTERN = f'^({ANY}*{SEP})?{NOSEP}*({ANCHOR}|{DOT}{NOSEP}*{WS}{NOSEP}*{DOT}){NOSEP}*$'

RUST_WS = set('\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000') | {chr(c) for c in range(0x2000,0x200b)}
def rtrim(s):
    while s and s[0] in RUST_WS: s=s[1:]
    while s and s[-1] in RUST_WS: s=s[:-1]
    return s
def server_ok(h):
    b=h.encode('latin-1')
    i=0
    while i<len(b):
        if b[i]==0x25:
            if i+2<len(b)+0 and i+2<=len(b)-1 and all(chr(x) in '0123456789abcdefABCDEF' for x in b[i+1:i+3]): i+=3; continue
            return False
        if b[i]==9 or 0x20<=b[i]<=0x7e: i+=1; continue
        return False
    try: s=urllib.parse.unquote_to_bytes(h).decode('utf-8')
    except UnicodeDecodeError: return False
    last=re.split(r'[/\\]', s)[-1]
    c=''.join(ch for ch in last if unicodedata.category(ch)!='Cc' and ch not in FORBID)
    c=rtrim(rtrim(c).lstrip('.'))
    return c!=''
if __name__ == '__main__':
    # Check the pattern against a model of the server on random headers, then write it.
    r = re.compile(PATTERN)
    toks = ['a', 'Z', '0', '.', ' ', '\t', '/', '\\', '"', '*', '%2F', '%5c', '%2E', '%20', '%41', '%00',
            '%C3%A5', '%C2%A0', '%C2%85', '%E2%80%80', '%E3%80%80', '%E5%8F%91', '%F0%9F%93%84', '%FF',
            '%C3', '%ED%A0%80', '%', '%4', '%G1', '~', '%e2%80%a8', '%C2%80', '%E1%9A%80', '%E2%81%9F']
    random.seed(13)
    for _ in range(200000):
        h = ''.join(random.choice(toks) for _ in range(random.randint(0, 6)))
        assert bool(r.match(h)) == server_ok(h), repr(h)
    out = pathlib.Path(__file__).resolve().parent.parent / 'server' / 'src' / 'file-name-pattern.txt'
    out.write_text(PATTERN + '\n')
    print(f'{out}: {len(PATTERN)} characters, checked against the model on 200000 headers')
