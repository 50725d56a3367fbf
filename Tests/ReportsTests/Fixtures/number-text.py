#!/usr/bin/env python3
"""Reference texts for NumberText (Sources/Reports/NumberText.swift), written to number-text.csv.

Each style is restated here from its documented rule with Python's own %-formatting (which follows
C's printf), independently of the Swift code: style, input (repr, exact), expected text.
Run from this folder: python3 number-text.py > number-text.csv
"""
import csv
import math
import sys

INPUTS = [0.0, -0.0, 1.0, -1.0, 30.0, 0.5, 0.05, 0.0004, 0.00049, 0.9996, 0.99949, 0.995, 0.9951, 0.004, 0.0049,
          0.123456, -0.123456, 0.3282, 1346.21, 152.613, 86.654, 1.2e7, 20113.0, 374.782, -12.5, -0.0001234,
          1004.7, 2.5, 10.0, 1e15, 1e-7, 123456789.0, 0.80, 0.975, 0.9, 0.0655, -0.395, 0.142, 3.25, 42.125,
          -0.00004, 0.00004, 9999.5, 0.99995, 1.0e-300, 0.4951, 0.4949, 0.7996, 0.1995, 0.19949, 0.2004,
          float('nan'), float('inf'), float('-inf')]


def finite(x):
    return not (math.isnan(x) or math.isinf(x))


def positional(x, decimals):
    text = '%.*f' % (decimals, x)
    if text.startswith('-') and all(c in '0.' for c in text[1:]):
        text = text[1:]
    return text


def significant(x, digits=4):
    if not finite(x):
        return ''
    if x == 0:
        return '0'
    magnitude = math.floor(math.log10(abs(x)))
    return positional(x, max(0, digits - 1 - magnitude))


def trimmed(x):
    text = significant(x)
    if '.' in text:
        text = text.rstrip('0').rstrip('.')
    return text


def signed(x):
    if not finite(x):
        return ''
    text = significant(abs(x))
    return ('−' if x < 0 and text != '0' else '+') + text


def plain(x):
    if x == round(x) and abs(x) < 1e15:
        return str(int(x))
    return '%g' % x


def percent(x, zh):
    return '' if not finite(x) else '%.1f' % (x * 100) + ('%' if zh else ' %')


def chance(p, zh):
    if not finite(p):
        return ''
    sign = '%' if zh else ' %'
    if 0.995 < p < 1:
        return '>99' + sign
    if 0 < p < 0.005:
        return '<1' + sign
    # Just below a status boundary (0.2, 0.5, 0.8) the rounded figure would read as the boundary itself.
    for boundary in (20, 50, 80):
        if (boundary - 0.5) / 100 <= p < boundary / 100:
            return '<%d' % boundary + sign
    return '%.0f' % (p * 100) + sign


def percent_of_draws(f):
    if not finite(f):
        return ''
    if 0 < f < 0.0005:
        return '<0.1%'
    if 0.9995 < f < 1:
        return '>99.9%'
    return '%.1f%%' % (f * 100)


def signed_rate(f):
    if not finite(f):
        return ''
    text = '%.1f%%' % (abs(f) * 100)
    return ('−' if f < 0 and text != '0.0%' else '') + text


def signed_percent(p):
    if not finite(p):
        return ''
    text = '%.1f%%' % abs(p)
    return ('−' if p < 0 and text != '0.0%' else '+') + text


def uplift_percent(p):
    if not finite(p):
        return '—'
    return '0' if p == 0 else '+%.1f%%' % p


STYLES = {
    'value': lambda x: '%.6g' % x if finite(x) else '',
    'rate': lambda x: '%.4g' % x if finite(x) else '',
    'probability': lambda x: '%.4f' % x if finite(x) else '',
    'general10': lambda x: '%.10g' % x if finite(x) else '',
    'general17': lambda x: '%.17g' % x if finite(x) else '',
    'fixed3': lambda x: '%.3f' % x if finite(x) else '',
    'positional2': lambda x: positional(x, 2) if finite(x) else None,
    'significant': significant,
    'trimmed': trimmed,
    'signed': signed,
    'plain': lambda x: plain(x) if finite(x) else None,
    'percent_zh': lambda x: percent(x, True),
    'percent_en': lambda x: percent(x, False),
    'chance_zh': lambda x: chance(x, True),
    'chance_en': lambda x: chance(x, False),
    'percent_of_draws': percent_of_draws,
    'signed_rate': signed_rate,
    'signed_percent': signed_percent,
    'uplift_percent': uplift_percent,
    # An interval level (a fraction) by its percentage rounded half away from zero to one decimal.
    'level': lambda x: '%g' % (math.floor(x * 1000 + 0.5) / 10) if 0 < x < 1 else None,
}

writer = csv.writer(sys.stdout, lineterminator='\n')
writer.writerow(['style', 'input', 'expected'])
for name, style in STYLES.items():
    for x in INPUTS:
        expected = style(x)
        if expected is None:  # NaN and infinity are not specified for this style
            continue
        writer.writerow([name, repr(x), expected])
