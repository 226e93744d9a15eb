/* SPDX-License-Identifier: MIT */
/*
 * Word tables of the claim grammar. Each word is listed once with all its
 * classes; the extractor resolves the ambiguous ones ("second", "m",
 * "pounds", "won") from context. Units are given in the spelling the rest
 * of the project (and the scorers' alias tables) understand: ISO 4217 codes
 * for money, short symbols for measures ("km", "mph", "kg").
 */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "lexicon.h"
#include "lexicon_table.h"

#define P L_PREP
#define D L_DET
#define V L_VERB
#define C L_CONJ
#define PR L_PRON
#define N L_NOTNOUN
#define A (L_VERB | L_AUX)

static const ct_lex table[] = {
	/* cardinals */
	{ "zero", L_NUM, 0, NULL }, { "nought", L_NUM, 0, NULL }, { "naught", L_NUM, 0, NULL },
	{ "one", L_NUM, 1, NULL }, { "two", L_NUM, 2, NULL }, { "three", L_NUM, 3, NULL },
	{ "four", L_NUM, 4, NULL }, { "five", L_NUM, 5, NULL }, { "six", L_NUM, 6, NULL },
	{ "seven", L_NUM, 7, NULL }, { "eight", L_NUM, 8, NULL }, { "nine", L_NUM, 9, NULL },
	{ "ten", L_NUM, 10, NULL }, { "eleven", L_NUM, 11, NULL }, { "twelve", L_NUM, 12, NULL },
	{ "thirteen", L_NUM, 13, NULL }, { "fourteen", L_NUM, 14, NULL },
	{ "fifteen", L_NUM, 15, NULL }, { "sixteen", L_NUM, 16, NULL },
	{ "seventeen", L_NUM, 17, NULL }, { "eighteen", L_NUM, 18, NULL },
	{ "nineteen", L_NUM, 19, NULL }, { "twenty", L_NUM, 20, NULL }, { "thirty", L_NUM, 30, NULL },
	{ "forty", L_NUM, 40, NULL }, { "fourty", L_NUM, 40, NULL }, { "fifty", L_NUM, 50, NULL },
	{ "sixty", L_NUM, 60, NULL }, { "seventy", L_NUM, 70, NULL }, { "eighty", L_NUM, 80, NULL },
	{ "ninety", L_NUM, 90, NULL }, { "dozen", L_NUM | L_SCALE, 12, NULL },
	{ "dozens", L_VAGUE | L_SCALE, 12, NULL }, { "dzs", L_SCALE, 12, NULL },
	{ "dozs", L_SCALE, 12, NULL }, { "score", L_NUM, 20, NULL },
	/* scales */
	{ "hundred", L_SCALE, 1e2, NULL }, { "thousand", L_SCALE, 1e3, NULL },
	{ "million", L_SCALE, 1e6, NULL }, { "billion", L_SCALE, 1e9, NULL },
	{ "trillion", L_SCALE, 1e12, NULL }, { "lakh", L_SCALE, 1e5, NULL },
	{ "lakhs", L_SCALE, 1e5, NULL }, { "crore", L_SCALE, 1e7, NULL },
	{ "crores", L_SCALE, 1e7, NULL }, { "k", L_SCALE, 1e3, NULL },
	{ "mn", L_SCALE, 1e6, NULL }, { "mln", L_SCALE, 1e6, NULL }, { "mil", L_SCALE, 1e6, NULL },
	{ "mm", L_SCALE | L_MEAS, 1e6, "mm" }, { "bn", L_SCALE, 1e9, NULL },
	{ "bln", L_SCALE, 1e9, NULL }, { "b", L_SCALE, 1e9, NULL }, { "tn", L_SCALE, 1e12, NULL },
	{ "tln", L_SCALE, 1e12, NULL }, { "trn", L_SCALE, 1e12, NULL },
	{ "m", L_SCALE | L_MEAS, 1e6, "m" }, { "thousands", L_VAGUE | L_SCALE, 1e3, NULL },
	{ "hundreds", L_VAGUE | L_SCALE, 1e2, NULL }, { "millions", L_VAGUE | L_SCALE, 1e6, NULL },
	{ "billions", L_VAGUE | L_SCALE, 1e9, NULL }, { "tens", L_VAGUE, 10, NULL },
	{ "scores", L_VAGUE, 20, NULL },
	/* ordinals (val) and denominators */
	{ "first", L_ORD, 1, NULL }, { "firsts", L_ORD, 1, NULL },
	{ "second", L_ORD | L_PERUNIT | L_MEAS, 2, "s" },
	{ "third", L_ORD | L_FRAC, 3, NULL }, { "thirds", L_FRAC, 3, NULL },
	{ "fourth", L_ORD | L_FRAC, 4, NULL }, { "fourths", L_FRAC, 4, NULL },
	{ "fifth", L_ORD | L_FRAC, 5, NULL }, { "fifths", L_FRAC, 5, NULL },
	{ "sixth", L_ORD | L_FRAC, 6, NULL }, { "sixths", L_FRAC, 6, NULL },
	{ "seventh", L_ORD | L_FRAC, 7, NULL }, { "sevenths", L_FRAC, 7, NULL },
	{ "eighth", L_ORD | L_FRAC, 8, NULL }, { "eighths", L_FRAC, 8, NULL },
	{ "ninth", L_ORD | L_FRAC, 9, NULL }, { "ninths", L_FRAC, 9, NULL },
	{ "tenth", L_ORD | L_FRAC, 10, NULL }, { "tenths", L_FRAC, 10, NULL },
	{ "eleventh", L_ORD, 11, NULL }, { "twelfth", L_ORD, 12, NULL },
	{ "twentieth", L_ORD | L_FRAC, 20, NULL }, { "hundredth", L_ORD | L_FRAC, 100, NULL },
	{ "hundredths", L_FRAC, 100, NULL }, { "thousandth", L_ORD | L_FRAC, 1000, NULL },
	{ "thousandths", L_FRAC, 1000, NULL }, { "millionth", L_ORD, 1e6, NULL },
	{ "trillionth", L_FRAC, 1e12, NULL }, { "trillionths", L_FRAC, 1e12, NULL },
	{ "half", L_FRAC, 2, NULL }, { "halves", L_FRAC, 2, NULL },
	{ "quarter", L_FRAC | L_PERUNIT, 4, "quarter" }, { "quarters", L_FRAC, 4, NULL },
	/* currencies: ISO code, factor to the main unit */
	{ "dollar", L_CUR, 1, "USD" }, { "dollars", L_CUR, 1, "USD" }, { "usd", L_CUR, 1, "USD" },
	{ "bucks", L_CUR, 1, "USD" }, { "cents", L_CUR, 0.01, "USD" }, { "cent", L_CUR, 0.01, "USD" },
	{ "euro", L_CUR, 1, "EUR" }, { "euros", L_CUR, 1, "EUR" }, { "eur", L_CUR, 1, "EUR" },
	{ "pound", L_CUR | L_MEAS, 1, "GBP" }, { "pounds", L_CUR | L_MEAS, 1, "GBP" },
	{ "gbp", L_CUR, 1, "GBP" }, { "sterling", L_CUR, 1, "GBP" },
	{ "pence", L_CUR, 0.01, "GBP" }, { "penny", L_CUR, 0.01, "GBP" }, { "pennies", L_CUR, 0.01, "GBP" },
	{ "yen", L_CUR, 1, "JPY" }, { "jpy", L_CUR, 1, "JPY" }, { "yuan", L_CUR, 1, "CNY" },
	{ "renminbi", L_CUR, 1, "CNY" }, { "rmb", L_CUR, 1, "CNY" }, { "cny", L_CUR, 1, "CNY" },
	{ "\xe0\xae\xb0\xe0\xaf\x82", L_CUR, 1, "LKR" }, /* Tamil "ru", Sri Lanka's rupee */
	{ "rupee", L_CUR, 1, "INR" }, { "rupees", L_CUR, 1, "INR" }, { "inr", L_CUR, 1, "INR" },
	{ "franc", L_CUR, 1, "CHF" }, { "francs", L_CUR, 1, "CHF" }, { "chf", L_CUR, 1, "CHF" },
	{ "peso", L_CUR, 1, "MXN" }, { "pesos", L_CUR, 1, "MXN" }, { "ruble", L_CUR, 1, "RUB" },
	{ "rubles", L_CUR, 1, "RUB" }, { "rouble", L_CUR, 1, "RUB" }, { "roubles", L_CUR, 1, "RUB" },
	{ "shekel", L_CUR, 1, "ILS" }, { "shekels", L_CUR, 1, "ILS" }, { "ringgit", L_CUR, 1, "MYR" },
	{ "rand", L_CUR, 1, "ZAR" }, { "krona", L_CUR, 1, "SEK" }, { "kronor", L_CUR, 1, "SEK" },
	{ "sek", L_CUR, 1, "SEK" }, { "krone", L_CUR, 1, "NOK" }, { "kroner", L_CUR, 1, "NOK" },
	{ "lira", L_CUR, 1, "TRY" }, { "naira", L_CUR, 1, "NGN" }, { "bitcoin", L_CUR, 1, "BTC" },
	{ "bitcoins", L_CUR, 1, "BTC" }, { "btc", L_CUR, 1, "BTC" }, { "won", L_CUR | V, 1, "KRW" },
	{ "pesetas", L_CUR, 1, "ESP" }, { "peseta", L_CUR, 1, "ESP" }, { "guilders", L_CUR, 1, "NLG" },
	{ "guilder", L_CUR, 1, "NLG" }, { "markka", L_CUR, 1, "FIM" }, { "dinars", L_CUR, 1, "DZD" },
	{ "baht", L_CUR, 1, "THB" }, { "rupiah", L_CUR, 1, "IDR" }, { "reais", L_CUR, 1, "BRL" },
	{ "dirhams", L_CUR, 1, "AED" }, { "riyals", L_CUR, 1, "SAR" }, { "zloty", L_CUR, 1, "PLN" },
	{ "hkd", L_CUR, 1, "HKD" }, { "cad", L_CUR, 1, "CAD" }, { "aud", L_CUR, 1, "AUD" },
	/* measures */
	{ "km", L_MEAS, 0, "km" }, { "kms", L_MEAS, 0, "km" }, { "kilometres", L_MEAS, 0, "km" },
	{ "kilometers", L_MEAS, 0, "km" }, { "kilometre", L_MEAS, 0, "km" }, { "kilometer", L_MEAS, 0, "km" },
	{ "miles", L_MEAS, 0, "mi" }, { "mile", L_MEAS | L_PERUNIT, 0, "mi" }, { "mi", L_MEAS, 0, "mi" },
	{ "metres", L_MEAS, 0, "m" }, { "meters", L_MEAS, 0, "m" }, { "metre", L_MEAS, 0, "m" },
	{ "meter", L_MEAS, 0, "m" }, { "cm", L_MEAS, 0, "cm" }, { "centimetres", L_MEAS, 0, "cm" },
	{ "centimeters", L_MEAS, 0, "cm" }, { "millimetres", L_MEAS, 0, "mm" },
	{ "millimeters", L_MEAS, 0, "mm" }, { "nm", L_MEAS, 0, "nm" }, { "feet", L_MEAS, 0, "ft" },
	{ "foot", L_MEAS, 0, "ft" }, { "ft", L_MEAS, 0, "ft" }, { "inches", L_MEAS, 0, "in" },
	{ "inch", L_MEAS, 0, "in" }, { "yards", L_MEAS, 0, "yd" }, { "yard", L_MEAS, 0, "yd" },
	{ "yd", L_MEAS, 0, "yd" }, { "kg", L_MEAS, 0, "kg" }, { "kgs", L_MEAS, 0, "kg" },
	{ "kilograms", L_MEAS, 0, "kg" }, { "kilogram", L_MEAS | L_PERUNIT, 0, "kg" }, { "kilos", L_MEAS, 0, "kg" },
	{ "g", L_MEAS, 0, "g" }, { "grams", L_MEAS, 0, "g" }, { "gram", L_MEAS, 0, "g" },
	{ "mg", L_MEAS, 0, "mg" }, { "milligrams", L_MEAS, 0, "mg" }, { "lb", L_MEAS, 0, "lb" },
	{ "lbs", L_MEAS, 0, "lb" }, { "oz", L_MEAS, 0, "oz" }, { "ounces", L_MEAS, 0, "oz" },
	{ "ounce", L_MEAS | L_PERUNIT, 0, "oz" }, { "tonnes", L_MEAS, 0, "tonne" }, { "tonne", L_MEAS | L_PERUNIT, 0, "tonne" },
	{ "tons", L_MEAS, 0, "ton" }, { "ton", L_MEAS, 0, "ton" }, { "gigatonnes", L_MEAS, 0, "gigatonne" },
	{ "gigatons", L_MEAS, 0, "gigatonne" }, { "litres", L_MEAS, 0, "l" }, { "liters", L_MEAS, 0, "l" },
	{ "litre", L_MEAS | L_PERUNIT, 0, "l" }, { "liter", L_MEAS | L_PERUNIT, 0, "l" }, { "ml", L_MEAS, 0, "ml" },
	{ "millilitres", L_MEAS, 0, "ml" }, { "gallons", L_MEAS, 0, "gal" }, { "gallon", L_MEAS | L_PERUNIT, 0, "gal" },
	{ "barrels", L_MEAS, 0, "barrel" }, { "barrel", L_MEAS | L_PERUNIT, 0, "barrel" }, { "bbl", L_MEAS, 0, "barrel" },
	{ "bpd", L_MEAS, 0, "bpd" }, { "acres", L_MEAS, 0, "acre" }, { "acre", L_MEAS | L_PERUNIT, 0, "acre" },
	{ "hectares", L_MEAS, 0, "ha" }, { "hectare", L_MEAS | L_PERUNIT, 0, "ha" }, { "ha", L_MEAS, 0, "ha" },
	{ "degrees", L_MEAS, 0, "degree" }, { "degree", L_MEAS, 0, "degree" }, { "deg", L_MEAS, 0, "degree" },
	{ "degf", L_MEAS, 0, "degF" }, { "degc", L_MEAS, 0, "°C" }, { "celsius", L_MEAS, 0, "°C" },
	{ "centigrade", L_MEAS, 0, "°C" }, { "fahrenheit", L_MEAS, 0, "°F" },
	{ "mph", L_MEAS, 0, "mph" }, { "kph", L_MEAS, 0, "km/h" }, { "kmh", L_MEAS, 0, "km/h" },
	{ "mpg", L_MEAS, 0, "mpg" }, { "knots", L_MEAS, 0, "kt" }, { "hp", L_MEAS, 0, "hp" },
	{ "horsepower", L_MEAS, 0, "hp" }, { "bhp", L_MEAS, 0, "bhp" }, { "ps", L_MEAS, 0, "PS" },
	{ "kw", L_MEAS, 0, "kW" }, { "mw", L_MEAS, 0, "MW" }, { "gw", L_MEAS, 0, "GW" },
	{ "kwh", L_MEAS, 0, "kWh" }, { "mwh", L_MEAS, 0, "MWh" }, { "gwh", L_MEAS, 0, "GWh" },
	{ "twh", L_MEAS, 0, "TWh" }, { "megawatts", L_MEAS, 0, "MW" }, { "megawatt", L_MEAS, 0, "MW" },
	{ "gigawatts", L_MEAS, 0, "GW" }, { "kilowatts", L_MEAS, 0, "kW" }, { "watts", L_MEAS, 0, "W" },
	{ "w", L_MEAS, 0, "W" }, { "volts", L_MEAS, 0, "V" }, { "kv", L_MEAS, 0, "kV" },
	{ "hz", L_MEAS, 0, "Hz" }, { "khz", L_MEAS, 0, "kHz" }, { "mhz", L_MEAS, 0, "MHz" },
	{ "ghz", L_MEAS, 0, "GHz" }, { "gb", L_MEAS, 0, "GB" }, { "mb", L_MEAS, 0, "MB" },
	{ "tb", L_MEAS, 0, "TB" }, { "kb", L_MEAS, 0, "kB" }, { "mbps", L_MEAS, 0, "Mbps" },
	{ "gbps", L_MEAS, 0, "Gbps" }, { "mah", L_MEAS, 0, "mAh" }, { "rpm", L_MEAS, 0, "rpm" },
	{ "ppm", L_MEAS, 0, "ppm" }, { "db", L_MEAS, 0, "dB" }, { "decibels", L_MEAS, 0, "dB" },
	{ "calories", L_MEAS, 0, "cal" }, { "kcal", L_MEAS, 0, "kcal" }, { "min", L_MEAS, 0, "min" },
	{ "mins", L_MEAS, 0, "min" }, { "hrs", L_MEAS, 0, "h" }, { "sec", L_MEAS, 0, "s" },
	{ "secs", L_MEAS, 0, "s" }, { "bps", L_MEAS, 0, "bp" }, { "sqft", L_MEAS, 0, "sq ft" },
	{ "sqm", L_MEAS, 0, "sq m" }, { "μm", L_MEAS, 0, "μm" }, { "µm", L_MEAS, 0, "μm" },
	{ "micrograms", L_MEAS, 0, "µg" }, { "microgram", L_MEAS, 0, "µg" }, { "mcg", L_MEAS, 0, "µg" },
	{ "µg", L_MEAS, 0, "µg" }, { "μg", L_MEAS, 0, "µg" }, { "milligram", L_MEAS, 0, "mg" },
	{ "gigabits", L_MEAS, 0, "Gb" }, { "gigabit", L_MEAS, 0, "Gb" }, { "megabits", L_MEAS, 0, "Mb" },
	{ "megabit", L_MEAS, 0, "Mb" }, { "gigabytes", L_MEAS, 0, "GB" }, { "gigabyte", L_MEAS, 0, "GB" },
	{ "megabytes", L_MEAS, 0, "MB" }, { "megabyte", L_MEAS, 0, "MB" }, { "terabytes", L_MEAS, 0, "TB" },
	{ "terabyte", L_MEAS, 0, "TB" }, { "kilobytes", L_MEAS, 0, "kB" }, { "millibars", L_MEAS, 0, "mbar" },
	{ "millibar", L_MEAS, 0, "mbar" }, { "hectopascals", L_MEAS, 0, "hPa" }, { "hpa", L_MEAS, 0, "hPa" },
	{ "amps", L_MEAS, 0, "A" }, { "amperes", L_MEAS, 0, "A" }, { "ampere", L_MEAS, 0, "A" },
	{ "kilovolts", L_MEAS, 0, "kV" }, { "volt", L_MEAS, 0, "V" }, { "joules", L_MEAS, 0, "J" },
	{ "kilojoules", L_MEAS, 0, "kJ" }, { "watt", L_MEAS, 0, "W" }, { "kilowatt", L_MEAS, 0, "kW" },
	{ "gigawatt", L_MEAS, 0, "GW" }, { "nanometres", L_MEAS, 0, "nm" }, { "nanometers", L_MEAS, 0, "nm" },
	{ "micrometres", L_MEAS, 0, "μm" }, { "micrometers", L_MEAS, 0, "μm" },
	/* percent */
	{ "percent", L_PCT, 0, NULL }, { "percents", L_PCT, 0, NULL }, { "pct", L_PCT, 0, NULL },
	{ "pc", L_PCT, 0, NULL }, { "percentage", L_PCT, 0, NULL },
	/* change */
	{ "rose", L_UP | V, 0, NULL }, { "rise", L_UP | V, 0, NULL }, { "rises", L_UP | V, 0, NULL },
	{ "rising", L_UP | V, 0, NULL }, { "risen", L_UP | V, 0, NULL }, { "up", L_UP | P, 0, NULL },
	{ "gained", L_UP | V, 0, NULL }, { "gain", L_UP, 0, NULL }, { "gains", L_UP | V, 0, NULL },
	{ "increased", L_UP | V, 0, NULL }, { "increase", L_UP, 0, NULL },
	{ "increases", L_UP | V, 0, NULL }, { "increasing", L_UP | V, 0, NULL },
	{ "climbed", L_UP | V, 0, NULL }, { "climbs", L_UP | V, 0, NULL }, { "climbing", L_UP | V, 0, NULL },
	/* present tense, as headlines write it */
	{ "jump", L_UP | V, 0, NULL }, { "soar", L_UP | V, 0, NULL }, { "soars", L_UP | V, 0, NULL },
	{ "surge", L_UP | V, 0, NULL }, { "climb", L_UP | V, 0, NULL }, { "slide", L_DOWN | V, 0, NULL },
	{ "slides", L_DOWN | V, 0, NULL }, { "plunge", L_DOWN | V, 0, NULL },
	{ "plunges", L_DOWN | V, 0, NULL }, { "tumble", L_DOWN | V, 0, NULL },
	{ "tumbles", L_DOWN | V, 0, NULL }, { "sink", L_DOWN | V, 0, NULL },
	{ "sinks", L_DOWN | V, 0, NULL }, { "slump", L_DOWN | V, 0, NULL },
	{ "slumps", L_DOWN | V, 0, NULL }, { "dips", L_DOWN | V, 0, NULL },
	{ "slips", L_DOWN | V, 0, NULL }, { "slip", L_DOWN | V, 0, NULL },
	{ "jumped", L_UP | V, 0, NULL }, { "jumps", L_UP | V, 0, NULL }, { "surged", L_UP | V, 0, NULL },
	{ "surges", L_UP | V, 0, NULL }, { "soared", L_UP | V, 0, NULL }, { "advanced", L_UP | V, 0, NULL },
	{ "grew", L_UP | V, 0, NULL }, { "grows", L_UP | V, 0, NULL }, { "grown", L_UP | V, 0, NULL },
	{ "added", L_UP | V, 0, NULL }, { "rallied", L_UP | V, 0, NULL }, { "spiked", L_UP | V, 0, NULL },
	{ "doubled", L_UP | V, 0, NULL }, { "higher", L_UP, 0, NULL }, { "raised", L_UP | V, 0, NULL },
	{ "fell", L_DOWN | V, 0, NULL }, { "fall", L_DOWN | V, 0, NULL }, { "falls", L_DOWN | V, 0, NULL },
	{ "falling", L_DOWN | V, 0, NULL }, { "fallen", L_DOWN | V, 0, NULL }, { "down", L_DOWN | P, 0, NULL },
	{ "dropped", L_DOWN | V, 0, NULL }, { "drops", L_DOWN | V, 0, NULL }, { "drop", L_DOWN, 0, NULL },
	{ "declined", L_DOWN | V, 0, NULL }, { "declines", L_DOWN | V, 0, NULL }, { "decline", L_DOWN, 0, NULL },
	{ "decreased", L_DOWN | V, 0, NULL }, { "decrease", L_DOWN | V, 0, NULL },
	{ "lost", L_DOWN | V, 0, NULL }, { "loses", L_DOWN | V, 0, NULL }, { "losing", L_DOWN | V, 0, NULL },
	{ "slid", L_DOWN | V, 0, NULL }, { "slipped", L_DOWN | V, 0, NULL }, { "tumbled", L_DOWN | V, 0, NULL },
	{ "sank", L_DOWN | V, 0, NULL }, { "plunged", L_DOWN | V, 0, NULL }, { "plummeted", L_DOWN | V, 0, NULL },
	{ "slumped", L_DOWN | V, 0, NULL }, { "shed", L_DOWN | V, 0, NULL }, { "eased", L_DOWN | V, 0, NULL },
	{ "dipped", L_DOWN | V, 0, NULL }, { "shrank", L_DOWN | V, 0, NULL }, { "lower", L_DOWN, 0, NULL },
	{ "raises", L_UP | V, 0, NULL }, { "raising", L_UP | V, 0, NULL },
	{ "lowered", L_DOWN | V, 0, NULL }, { "lowers", L_DOWN | V, 0, NULL },
	{ "cuts", L_DOWN | V, 0, NULL }, { "reduces", L_DOWN | V, 0, NULL },
	{ "cut", L_DOWN | V, 0, NULL }, { "reduced", L_DOWN | V, 0, NULL }, { "sliding", L_DOWN | V, 0, NULL },
	/* "grow by 4% a year", "narrowed to 7.7%", "tripled to $3 trillion" */
	{ "grow", L_UP | V, 0, NULL }, { "growing", L_UP | V, 0, NULL },
	{ "widened", L_UP | V, 0, NULL }, { "widening", L_UP | V, 0, NULL },
	{ "tripled", L_UP | V, 0, NULL }, { "trebled", L_UP | V, 0, NULL },
	{ "quadrupled", L_UP | V, 0, NULL }, { "expanded", L_UP | V, 0, NULL },
	{ "swelled", L_UP | V, 0, NULL }, { "ballooned", L_UP | V, 0, NULL },
	{ "leapt", L_UP | V, 0, NULL }, { "leaped", L_UP | V, 0, NULL }, { "boosted", L_UP | V, 0, NULL },
	{ "narrowed", L_DOWN | V, 0, NULL }, { "narrowing", L_DOWN | V, 0, NULL },
	{ "halved", L_DOWN | V, 0, NULL }, { "shrunk", L_DOWN | V, 0, NULL },
	{ "shrinks", L_DOWN | V, 0, NULL }, { "shrinking", L_DOWN | V, 0, NULL },
	{ "dwindled", L_DOWN | V, 0, NULL },
	/* prepositions */
	{ "of", P, 0, NULL }, { "in", P, 0, NULL }, { "on", P, 0, NULL }, { "at", P, 0, NULL },
	{ "for", P, 0, NULL }, { "to", P, 0, NULL }, { "from", P, 0, NULL }, { "by", P, 0, NULL },
	{ "with", P, 0, NULL }, { "without", P, 0, NULL }, { "into", P, 0, NULL }, { "onto", P, 0, NULL },
	{ "over", P, 0, NULL }, { "under", P, 0, NULL }, { "above", P, 0, NULL }, { "below", P, 0, NULL },
	{ "between", P, 0, NULL }, { "among", P, 0, NULL }, { "amid", P, 0, NULL }, { "during", P, 0, NULL },
	{ "since", P | C, 0, NULL }, { "after", P | C, 0, NULL }, { "before", P | C, 0, NULL },
	{ "until", P | C, 0, NULL }, { "across", P, 0, NULL }, { "through", P, 0, NULL },
	{ "throughout", P, 0, NULL }, { "against", P, 0, NULL }, { "about", P, 0, NULL },
	{ "around", P, 0, NULL }, { "near", P, 0, NULL }, { "per", P, 0, NULL }, { "via", P, 0, NULL },
	{ "within", P, 0, NULL }, { "including", P, 0, NULL }, { "like", P, 0, NULL },
	{ "than", P, 0, NULL }, { "toward", P, 0, NULL }, { "towards", P, 0, NULL },
	{ "versus", P, 0, NULL }, { "vs", P, 0, NULL }, { "despite", P, 0, NULL },
	{ "according", P, 0, NULL }, { "off", P, 0, NULL }, { "out", P, 0, NULL }, { "upon", P, 0, NULL },
	{ "behind", P, 0, NULL }, { "beyond", P, 0, NULL }, { "inside", P, 0, NULL },
	{ "outside", P, 0, NULL }, { "along", P, 0, NULL }, { "beside", P, 0, NULL },
	{ "alongside", P, 0, NULL }, { "past", P, 0, NULL }, { "except", P, 0, NULL },
	{ "unlike", P, 0, NULL }, { "till", P, 0, NULL }, { "aboard", P, 0, NULL },
	{ "worth", P, 0, NULL }, { "each", D, 0, NULL }, { "every", D, 0, NULL },
	/* determiners, pronouns */
	{ "the", D, 0, NULL }, { "a", D, 0, NULL }, { "an", D, 0, NULL }, { "this", D | PR, 0, NULL },
	{ "that", D | PR | C, 0, NULL }, { "these", D | PR, 0, NULL }, { "those", D | PR, 0, NULL },
	{ "its", D, 0, NULL }, { "their", D, 0, NULL }, { "his", D, 0, NULL }, { "her", D | PR, 0, NULL },
	{ "our", D, 0, NULL }, { "your", D, 0, NULL }, { "my", D, 0, NULL }, { "some", D, 0, NULL },
	{ "any", D, 0, NULL }, { "no", D, 0, NULL }, { "all", D, 0, NULL }, { "both", D, 0, NULL },
	{ "another", D, 0, NULL }, { "such", D, 0, NULL }, { "which", PR, 0, NULL },
	{ "who", PR, 0, NULL }, { "whom", PR, 0, NULL }, { "whose", PR, 0, NULL }, { "what", PR, 0, NULL },
	{ "where", PR | C, 0, NULL }, { "when", PR | C, 0, NULL }, { "it", PR, 0, NULL },
	{ "he", PR, 0, NULL }, { "she", PR, 0, NULL }, { "they", PR, 0, NULL }, { "we", PR, 0, NULL },
	{ "i", PR, 0, NULL }, { "you", PR, 0, NULL }, { "them", PR, 0, NULL }, { "him", PR, 0, NULL },
	{ "us", PR, 0, NULL }, { "me", PR, 0, NULL }, { "there", PR, 0, NULL }, { "here", PR, 0, NULL },
	{ "itself", PR, 0, NULL }, { "themselves", PR, 0, NULL }, { "others", PR, 0, NULL },
	/* contractions: "it's less than 100" has no subject of its own */
	{ "it's", PR, 0, NULL }, { "they're", PR, 0, NULL }, { "we're", PR, 0, NULL },
	{ "you're", PR, 0, NULL }, { "he's", PR, 0, NULL }, { "she's", PR, 0, NULL },
	{ "that's", PR, 0, NULL }, { "there's", PR, 0, NULL }, { "i'm", PR, 0, NULL },
	{ "they've", PR, 0, NULL }, { "we've", PR, 0, NULL }, { "i've", PR, 0, NULL },
	{ "you've", PR, 0, NULL }, { "it'll", PR, 0, NULL }, { "they'll", PR, 0, NULL },
	{ "we'll", PR, 0, NULL }, { "he'll", PR, 0, NULL }, { "she'll", PR, 0, NULL },
	{ "they'd", PR, 0, NULL }, { "we'd", PR, 0, NULL }, { "he'd", PR, 0, NULL },
	{ "she'd", PR, 0, NULL }, { "i'd", PR, 0, NULL }, { "what's", PR, 0, NULL },
	{ "many", D, 0, NULL }, { "several", D, 0, NULL }, { "few", D, 0, NULL },
	/* conjunctions and clause words */
	{ "and", C, 0, NULL }, { "or", C, 0, NULL }, { "but", C, 0, NULL }, { "nor", C, 0, NULL },
	{ "while", C, 0, NULL }, { "whereas", C, 0, NULL }, { "as", C | P, 0, NULL },
	{ "because", C, 0, NULL }, { "if", C, 0, NULL }, { "though", C, 0, NULL },
	{ "although", C, 0, NULL }, { "so", C, 0, NULL }, { "unless", C, 0, NULL },
	{ "whether", C, 0, NULL }, { "then", C, 0, NULL }, { "plus", C, 0, NULL },
	/* verbs that end a subject */
	{ "is", A, 0, NULL }, { "are", A, 0, NULL }, { "was", A, 0, NULL }, { "were", A, 0, NULL },
	{ "be", A, 0, NULL }, { "been", A, 0, NULL }, { "being", A, 0, NULL }, { "am", A, 0, NULL },
	{ "has", A, 0, NULL }, { "have", A, 0, NULL }, { "had", A, 0, NULL }, { "having", A, 0, NULL },
	{ "do", A, 0, NULL }, { "does", A, 0, NULL }, { "did", A, 0, NULL }, { "will", A, 0, NULL },
	{ "would", A, 0, NULL }, { "can", A, 0, NULL }, { "could", A, 0, NULL }, { "may", A | L_MONTH, 0, NULL },
	{ "might", A, 0, NULL }, { "must", A, 0, NULL }, { "should", A, 0, NULL }, { "shall", A, 0, NULL },
	{ "said", V, 0, NULL }, { "says", V, 0, NULL }, { "say", V, 0, NULL }, { "told", V, 0, NULL },
	{ "reported", V, 0, NULL }, { "reports", V, 0, NULL }, { "announced", V, 0, NULL },
	{ "cost", V, 0, NULL }, { "costs", V, 0, NULL }, { "paid", V, 0, NULL }, { "pays", V, 0, NULL },
	{ "pay", V, 0, NULL }, { "spent", V, 0, NULL }, { "spend", V, 0, NULL }, { "spends", V, 0, NULL },
	{ "earned", V, 0, NULL }, { "earns", V, 0, NULL }, { "raise", V, 0, NULL }, { "sold", V, 0, NULL },
	{ "sells", V, 0, NULL }, { "bought", V, 0, NULL }, { "buy", V, 0, NULL }, { "got", V, 0, NULL },
	{ "get", V, 0, NULL }, { "gets", V, 0, NULL }, { "made", V, 0, NULL }, { "make", V, 0, NULL },
	{ "makes", V, 0, NULL }, { "took", V, 0, NULL }, { "take", V, 0, NULL }, { "takes", V, 0, NULL },
	{ "gave", V, 0, NULL }, { "give", V, 0, NULL }, { "gives", V, 0, NULL }, { "hit", V, 0, NULL },
	{ "hits", V, 0, NULL }, { "reached", V, 0, NULL }, { "reaches", V, 0, NULL }, { "reach", V, 0, NULL },
	{ "totaled", V, 0, NULL }, { "totalled", V, 0, NULL }, { "totals", V, 0, NULL },
	{ "totaling", V, 0, NULL }, { "totalling", V, 0, NULL }, { "stood", V, 0, NULL },
	{ "stands", V, 0, NULL }, { "remains", V, 0, NULL }, { "remained", V, 0, NULL },
	{ "killed", V, 0, NULL }, { "died", V, 0, NULL }, { "injured", V, 0, NULL }, { "wounded", V, 0, NULL },
	{ "employs", V, 0, NULL }, { "employed", V, 0, NULL }, { "hired", V, 0, NULL }, { "hire", V, 0, NULL },
	{ "owns", V, 0, NULL }, { "owned", V, 0, NULL }, { "holds", V, 0, NULL }, { "held", V, 0, NULL },
	{ "includes", V, 0, NULL }, { "included", V, 0, NULL }, { "include", V, 0, NULL },
	{ "involves", V, 0, NULL }, { "offers", V, 0, NULL }, { "offered", V, 0, NULL },
	{ "received", V, 0, NULL }, { "receive", V, 0, NULL }, { "receives", V, 0, NULL },
	{ "scored", V, 0, NULL }, { "won", V, 0, NULL }, { "beat", V, 0, NULL }, { "led", V, 0, NULL },
	{ "leads", V, 0, NULL }, { "trails", V, 0, NULL }, { "ended", V, 0, NULL }, { "end", V, 0, NULL },
	{ "finished", V, 0, NULL }, { "closed", V, 0, NULL }, { "opened", V, 0, NULL },
	{ "traded", V, 0, NULL }, { "trading", V, 0, NULL }, { "valued", V, 0, NULL },
	{ "estimated", V, 0, NULL }, { "expected", V, 0, NULL }, { "expects", V, 0, NULL },
	{ "plans", V, 0, NULL }, { "planned", V, 0, NULL }, { "wants", V, 0, NULL }, { "needs", V, 0, NULL },
	{ "needed", V, 0, NULL }, { "used", V, 0, NULL }, { "uses", V, 0, NULL }, { "showed", V, 0, NULL },
	{ "shows", V, 0, NULL }, { "found", V, 0, NULL }, { "finds", V, 0, NULL }, { "saw", V, 0, NULL },
	{ "sees", V, 0, NULL }, { "see", V, 0, NULL }, { "become", V, 0, NULL }, { "became", V, 0, NULL },
	{ "becomes", V, 0, NULL }, { "represents", V, 0, NULL }, { "represented", V, 0, NULL },
	{ "accounts", V, 0, NULL }, { "accounted", V, 0, NULL }, { "covers", V, 0, NULL },
	{ "generates", V, 0, NULL }, { "generated", V, 0, NULL }, { "came", V, 0, NULL },
	{ "come", V, 0, NULL }, { "comes", V, 0, NULL }, { "went", V, 0, NULL }, { "goes", V, 0, NULL },
	{ "go", V, 0, NULL }, { "run", V, 0, NULL }, { "runs", V, 0, NULL }, { "ran", V, 0, NULL },
	{ "left", V, 0, NULL }, { "put", V, 0, NULL }, { "puts", V, 0, NULL },
	{ "worked", V, 0, NULL }, { "work", V, 0, NULL }, { "works", V, 0, NULL }, { "live", V, 0, NULL },
	{ "lives", V, 0, NULL }, { "lived", V, 0, NULL }, { "fled", V, 0, NULL }, { "arrested", V, 0, NULL },
	{ "detained", V, 0, NULL }, { "deported", V, 0, NULL }, { "voted", V, 0, NULL },
	{ "approved", V, 0, NULL }, { "signed", V, 0, NULL }, { "joined", V, 0, NULL },
	{ "stretched", V, 0, NULL }, { "sat", V, 0, NULL }, { "fetch", V, 0, NULL },
	{ "features", V, 0, NULL }, { "hosts", V, 0, NULL }, { "faces", V, 0, NULL },
	{ "provide", V, 0, NULL }, { "provides", V, 0, NULL }, { "create", V, 0, NULL },
	{ "creating", V, 0, NULL }, { "created", V, 0, NULL }, { "produce", V, 0, NULL },
	{ "produced", V, 0, NULL }, { "produces", V, 0, NULL }, { "worth", P, 0, NULL },
	{ "seeking", V, 0, NULL }, { "sought", V, 0, NULL }, { "asked", V, 0, NULL },
	{ "need", V, 0, NULL }, { "lose", V, 0, NULL }, { "play", V, 0, NULL }, { "played", V, 0, NULL },
	{ "struck", V, 0, NULL }, { "topped", V, 0, NULL }, { "exceeded", V, 0, NULL },
	{ "exceeds", V, 0, NULL }, { "filed", V, 0, NULL }, { "fined", V, 0, NULL },
	{ "awarded", V, 0, NULL }, { "sentenced", V, 0, NULL }, { "counted", V, 0, NULL },
	{ "attended", V, 0, NULL }, { "evacuated", V, 0, NULL }, { "displaced", V, 0, NULL },
	{ "missing", V, 0, NULL }, { "dead", V, 0, NULL }, { "confirmed", V, 0, NULL },
	/* verbs that lead to a figure and would otherwise end its subject:
	 * "The storm leaves 200,000 without power" */
	{ "leaves", V, 0, NULL }, { "leave", V, 0, NULL }, { "identifies", V, 0, NULL },
	{ "comprises", V, 0, NULL }, { "comprised", V, 0, NULL },
	{ "predicts", V, 0, NULL }, { "predicted", V, 0, NULL }, { "reveals", V, 0, NULL },
	{ "revealed", V, 0, NULL }, { "affects", V, 0, NULL }, { "affected", V, 0, NULL },
	{ "serves", V, 0, NULL }, { "served", V, 0, NULL }, { "welcomes", V, 0, NULL },
	{ "welcomed", V, 0, NULL }, { "attracts", V, 0, NULL }, { "attracted", V, 0, NULL },
	{ "adds", V, 0, NULL }, { "kills", V, 0, NULL }, { "injures", V, 0, NULL },
	{ "displaces", V, 0, NULL },
	/* adverbs and fillers around figures */
	{ "just", L_ADV, 0, NULL }, { "only", L_ADV, 0, NULL }, { "still", L_ADV, 0, NULL },
	{ "already", L_ADV, 0, NULL }, { "also", L_ADV, 0, NULL }, { "now", L_ADV, 0, NULL },
	{ "even", L_ADV, 0, NULL }, { "nearly", L_ADV, 0, NULL }, { "almost", L_ADV, 0, NULL },
	{ "roughly", L_ADV, 0, NULL }, { "approximately", L_ADV, 0, NULL }, { "approx", L_ADV, 0, NULL },
	{ "some", D, 0, NULL }, { "estimated", V, 0, NULL }, { "another", D, 0, NULL },
	{ "more", L_ADV, 0, NULL }, { "less", L_ADV, 0, NULL }, { "fewer", L_ADV, 0, NULL },
	{ "least", L_ADV, 0, NULL }, { "most", L_ADV, 0, NULL }, { "much", L_ADV, 0, NULL },
	{ "very", L_ADV, 0, NULL }, { "too", L_ADV, 0, NULL }, { "not", L_ADV, 0, NULL },
	{ "reportedly", L_ADV, 0, NULL }, { "respectively", L_ADV, 0, NULL }, { "well", L_ADV, 0, NULL },
	{ "some", D, 0, NULL }, { "close", L_ADV, 0, NULL }, { "upwards", L_ADV, 0, NULL },
	{ "additional", L_ADV, 0, NULL }, { "extra", L_ADV, 0, NULL }, { "whopping", L_ADV, 0, NULL },
	{ "staggering", L_ADV, 0, NULL }, { "record", 0, 0, NULL }, { "total", 0, 0, NULL },
	{ "average", 0, 0, NULL }, { "ago", L_ADV, 0, NULL }, { "earlier", L_ADV, 0, NULL },
	{ "later", L_ADV, 0, NULL }, { "yesterday", L_ADV, 0, NULL }, { "today", L_ADV, 0, NULL },
	{ "tonight", L_ADV, 0, NULL }, { "tomorrow", L_ADV, 0, NULL },
	{ "meanwhile", L_ADV, 0, NULL }, { "however", L_ADV, 0, NULL }, { "moreover", L_ADV, 0, NULL },
	{ "instead", L_ADV, 0, NULL }, { "overall", L_ADV, 0, NULL }, { "separately", L_ADV, 0, NULL },
	{ "indeed", L_ADV, 0, NULL }, { "finally", L_ADV, 0, NULL }, { "alternatively", L_ADV, 0, NULL },
	/* rates */
	{ "day", L_PERUNIT | L_TIMEN, 0, "day" }, { "days", L_TIMEN, 0, "day" },
	{ "week", L_PERUNIT | L_TIMEN, 0, "week" }, { "weeks", L_TIMEN, 0, "week" },
	{ "month", L_PERUNIT | L_TIMEN, 0, "month" }, { "months", L_TIMEN, 0, "month" },
	{ "year", L_PERUNIT | L_TIMEN, 0, "year" }, { "years", L_TIMEN, 0, "year" },
	{ "hour", L_PERUNIT | L_TIMEN, 0, "hour" }, { "hours", L_TIMEN, 0, "hour" },
	{ "minute", L_PERUNIT | L_TIMEN, 0, "minute" }, { "minutes", L_TIMEN, 0, "minute" },
	{ "seconds", L_TIMEN, 0, "second" }, { "decade", L_TIMEN, 0, "decade" },
	{ "decades", L_TIMEN, 0, "decade" }, { "capita", L_PERUNIT, 0, "capita" },
	{ "person", L_PERUNIT, 0, "person" }, { "head", L_PERUNIT, 0, "head" },
	{ "share", L_PERUNIT, 0, "share" }, { "annum", L_PERUNIT, 0, "year" },
	{ "night", L_PERUNIT, 0, "night" }, { "gram", L_MEAS | L_PERUNIT, 0, "g" },
	{ "daily", L_PERADV, 0, "day" }, { "weekly", L_PERADV, 0, "week" },
	{ "monthly", L_PERADV, 0, "month" }, { "annually", L_PERADV, 0, "year" },
	{ "yearly", L_PERADV, 0, "year" }, { "hourly", L_PERADV, 0, "hour" },
	{ "nightly", L_PERADV, 0, "night" }, { "quarterly", L_PERADV, 0, "quarter" },
	/* months and days */
	{ "january", L_MONTH, 1, NULL }, { "jan", L_MONTH, 1, NULL }, { "february", L_MONTH, 2, NULL },
	{ "feb", L_MONTH, 2, NULL }, { "march", L_MONTH, 3, NULL }, { "mar", L_MONTH, 3, NULL },
	{ "april", L_MONTH, 4, NULL }, { "apr", L_MONTH, 4, NULL }, { "june", L_MONTH, 6, NULL },
	{ "jun", L_MONTH, 6, NULL }, { "july", L_MONTH, 7, NULL }, { "jul", L_MONTH, 7, NULL },
	{ "august", L_MONTH, 8, NULL }, { "aug", L_MONTH, 8, NULL }, { "september", L_MONTH, 9, NULL },
	{ "sept", L_MONTH, 9, NULL }, { "sep", L_MONTH, 9, NULL }, { "october", L_MONTH, 10, NULL },
	{ "oct", L_MONTH, 10, NULL }, { "november", L_MONTH, 11, NULL }, { "nov", L_MONTH, 11, NULL },
	{ "december", L_MONTH, 12, NULL }, { "dec", L_MONTH, 12, NULL },
	{ "monday", L_WEEKDAY, 0, NULL }, { "tuesday", L_WEEKDAY, 0, NULL },
	{ "wednesday", L_WEEKDAY, 0, NULL }, { "thursday", L_WEEKDAY, 0, NULL },
	{ "friday", L_WEEKDAY, 0, NULL }, { "saturday", L_WEEKDAY, 0, NULL },
	{ "sunday", L_WEEKDAY, 0, NULL },
	/* qualifier words that are nothing else */
	{ "nearly", L_ADV, 0, NULL }, { "almost", L_ADV, 0, NULL }, { "exactly", L_ADV, 0, NULL },
	{ "precisely", L_ADV, 0, NULL }, { "excess", 0, 0, NULL }, { "minus", 0, 0, NULL },
	{ "negative", 0, 0, NULL }, { "point", 0, 0, NULL }, { "times", 0, 0, NULL },
	{ "percentage", L_PCT, 0, NULL }, { "points", 0, 0, NULL },
	/* adjectives that follow a measure: "12 km long" */
	{ "long", N, 0, NULL }, { "wide", N, 0, NULL }, { "high", N, 0, NULL },
	{ "tall", N, 0, NULL }, { "deep", N, 0, NULL }, { "thick", N, 0, NULL },
	{ "away", N, 0, NULL }, { "apart", N, 0, NULL }, { "old", N, 0, NULL },
	{ "apiece", N, 0, NULL }, { "last", N, 0, NULL }, { "next", N, 0, NULL },
	{ "past", P, 0, NULL },
};

/*
 * An open-addressing hash over the table, built once: each bucket keeps the
 * entry's index and its length, so a probe compares a byte before any
 * string. Folding is ASCII-only through a table (no locale calls); the
 * table's words are lower-case ASCII or UTF-8 that folds to itself.
 */
#define NBUCKET 2048u
#define NTABLE (sizeof(table) / sizeof(table[0]))
static struct { uint16_t idx; uint8_t len; } buckets[NBUCKET];   /* idx+1; 0 empty */
static pthread_once_t once = PTHREAD_ONCE_INIT;
/* set once the buckets are built: the lookup of every word checks it
 * inline and calls pthread_once only before then */
static atomic_int built;

const unsigned char ct_lower[256] = {
#define R4(b) (b), (b) + 1, (b) + 2, (b) + 3
#define R16(b) R4(b), R4((b) + 4), R4((b) + 8), R4((b) + 12)
	R16(0x00), R16(0x10), R16(0x20), R16(0x30),
	0x40, R4('a'), R4('e'), R4('i'), R4('m'), R4('q'), R4('u'), 'y', 'z',
	0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	R16(0x60), R16(0x70), R16(0x80), R16(0x90), R16(0xa0), R16(0xb0),
	R16(0xc0), R16(0xd0), R16(0xe0), R16(0xf0)
#undef R16
#undef R4
};

/*
 * The bucket of a word: its bytes folded into a 64-bit word by rotation,
 * then one multiply. A byte enters as (b | 0x20), which maps a letter and
 * its capital alike, so words equal under ct_lower land in one bucket; the
 * probe then compares through ct_lower. Two ALU operations a byte, where a
 * multiply per byte was most of a lookup.
 */
static uint32_t hash_lower(const char *w, size_t n)
{
	uint64_t h = n;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h << 8 | h >> 56) ^ ((unsigned char)w[i] | 0x20u);
	return (uint32_t)((h * UINT64_C(0x9e3779b97f4a7c15)) >> 32);
}

static void build(void)
{
	size_t i;

	for (i = 0; i < NTABLE; i++) {
		size_t n = strlen(table[i].word);
		uint32_t b = hash_lower(table[i].word, n) & (NBUCKET - 1);

		/* first entry wins: later duplicates are harmless repeats */
		while (buckets[b].idx && strcmp(table[buckets[b].idx - 1].word, table[i].word) != 0)
			b = (b + 1) & (NBUCKET - 1);
		if (!buckets[b].idx) {
			buckets[b].idx = (uint16_t)(i + 1);
			buckets[b].len = (uint8_t)n;
		}
	}
	atomic_store_explicit(&built, 1, memory_order_release);
}

const ct_lex *ct_lex_find(const char *w, size_t n)
{
	uint32_t b;

	if (n == 0 || n > 24)
		return NULL;
	if (!atomic_load_explicit(&built, memory_order_acquire))
		pthread_once(&once, build);
	b = hash_lower(w, n) & (NBUCKET - 1);
	while (buckets[b].idx) {
		if (buckets[b].len == n) {
			const ct_lex *e = &table[buckets[b].idx - 1];
			size_t i = 0;

			while (i < n && e->word[i] == (char)ct_lower[(unsigned char)w[i]])
				i++;
			if (i == n)
				return e;
		}
		b = (b + 1) & (NBUCKET - 1);
	}
	return NULL;
}

/* ---- the open classes (WordNet, generated) ---- */

/*
 * The hash of a word under ct_lower, eight bytes at a time; the generator
 * (core/lexicon_gen.py, wn_hash) computes the same over its lower-case
 * words, and the table records wn_hash("agent") so a test can tell the
 * two apart if one ever changes alone.
 */
static uint64_t wn_hash(const char *w, size_t n, uint64_t *low8)
{
	uint64_t h = (uint64_t)n * UINT64_C(0x9E3779B97F4A7C15);
	size_t k, i;

	for (k = 0; k < n; k += 8) {
		uint64_t c = 0;

		for (i = 0; i < 8 && k + i < n; i++)
			c |= (uint64_t)ct_lower[(unsigned char)w[k + i]] << (8 * i);
		if (k == 0)
			*low8 = c;
		h = (h ^ c) * UINT64_C(0xFF51AFD7ED558CCD);
		h ^= h >> 32;
	}
	h ^= h >> 29;
	h *= UINT64_C(0xC4CEB9FE1A85EC53);
	h ^= h >> 32;
	return h;
}

uint32_t ct_lex_open_find(const char *w, size_t n)
{
	uint64_t h, f1, f2, low8 = 0;
	uint32_t d, slot;
	const ct_wn_slot *s;
	const char *e;
	size_t i;

	if (n == 0 || n > 48)
		return 0;
	h = wn_hash(w, n, &low8);
	d = ct_wn_disp[(h >> 32) % ct_wn_nbuckets];
	f1 = h % ct_wn_nslots;
	f2 = (h >> 16) % (ct_wn_nslots - 1) + 1;
	slot = (uint32_t)((f1 + (uint64_t)(d >> 10) * f2 + (d & 1023u)) % ct_wn_nslots);
	s = &ct_wn_slots[slot];
	if (s->len != n || s->low8 != low8)
		return 0;
	/* the pool only for the bytes past the first eight */
	e = ct_wn_pool + s->word;
	for (i = 8; i < n; i++)
		if (e[i] != (char)ct_lower[(unsigned char)w[i]])
			return 0;
	return slot + 1;
}

unsigned ct_lex_open_bits(uint32_t id)
{
	return id ? ct_wn_slots[id - 1].bits : 0;
}

unsigned ct_lex_open_freq(uint32_t id, int pos)
{
	return id && pos >= 0 && pos < 4 ? (ct_wn_freq[id - 1] >> (8 * pos)) & 0xffu : 0;
}

const char *ct_lex_open_base(uint32_t id, int pos)
{
	uint32_t o;

	if (!id)
		return NULL;
	o = pos == W_POS_NOUN ? ct_wn_nlem[id - 1] : pos == W_POS_VERB ? ct_wn_vlem[id - 1] : 0;
	return o ? ct_wn_pool + o : NULL;
}

size_t ct_lex_open_size(void)
{
	return ct_wn_nwords;
}

int ct_lex_open_selftest(void)
{
	uint64_t low8 = 0;

	return wn_hash("Agent", 5, &low8) == ct_wn_check;
}
