/* SPDX-License-Identifier: MIT */
/* Claim extraction on news sentences by style: wire copy, headlines,
 * casualty reports, budgets, polls, sports, markets, elections, weather,
 * health and sentences with no figure at all.
 *
 * Each case lists every claim a careful reader expects, in order, with
 * value, range, kind, unit, rate, qualifier and key asserted exactly. Where
 * a reader could not say what the key should be (an agent before a verb:
 * "Police arrested 14 people" may key "police people" or "people"), the key
 * is written "~word" and only checked to hold that head word. A second
 * table checks that keys stay the same under the rewordings that editors
 * make between versions of a story. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct news_claim {
	double value, high;
	int has_high;
	const char *kind, *unit, *per, *qualifier;
	const char *key;   /* exact key, "~word": the key holds that word, NULL: unchecked */
} news_claim;

typedef struct news_case {
	const char *sentence;
	size_t n;
	news_claim want[5];
} news_case;

/* value, qualifier, key */
#define CNT(v, q, h)        { (v), 0, 0, "count", NULL, NULL, (q), (h) }
#define CNTR(v, hi, q, h)   { (v), (hi), 1, "count", NULL, NULL, (q), (h) }
#define CNTPER(v, per, q, h) { (v), 0, 0, "count", NULL, (per), (q), (h) }
#define PCT(v, q, h)        { (v), 0, 0, "percent", "%", NULL, (q), (h) }
#define PCTR(v, hi, q, h)   { (v), (hi), 1, "percent", "%", NULL, (q), (h) }
#define PP(v, q, h)         { (v), 0, 0, "percent", "pp", NULL, (q), (h) }
#define MON(v, u, q, h)     { (v), 0, 0, "money", (u), NULL, (q), (h) }
#define MONR(v, hi, u, q, h) { (v), (hi), 1, "money", (u), NULL, (q), (h) }
#define MONPER(v, u, per, q, h) { (v), 0, 0, "money", (u), (per), (q), (h) }
#define MEAS(v, u, q, h)    { (v), 0, 0, "measure", (u), NULL, (q), (h) }
#define MEASPER(v, u, per, q, h) { (v), 0, 0, "measure", (u), (per), (q), (h) }
#define YEAR(v)             { (v), 0, 0, "year", NULL, NULL, "=", NULL }

static const news_case cases[] = {
	/* ---- wire copy ---- */
	{ "Police arrested 14 people after the protest turned violent.", 1, {
		CNT(14, "=", "~people") } },
	{ "The ministry said 2,300 soldiers would be sent to the border.", 1, {
		CNT(2300, "=", "soldier") } },
	{ "About 150 workers walked off the job on Monday.", 1, {
		CNT(150, "~", "worker") } },
	{ "The airline cancelled more than 1,200 flights because of the strike.", 1, {
		CNT(1200, ">", "airline flight") } },
	{ "Investigators recovered 37 bodies from the wreckage.", 1, {
		CNT(37, "=", "~body") } },
	{ "Nearly 600 migrants were rescued off the coast of Libya.", 1, {
		CNT(600, "~", "migrant") } },
	{ "The court fined the bank $2.5 billion.", 1, {
		MON(2.5e9, "USD", "=", "bank") } },
	{ "Some 40 journalists were detained during the crackdown.", 1, {
		CNT(40, "~", "journalist") } },
	{ "Officials said at least 300 homes had been damaged.", 1, {
		CNT(300, ">=", "home") } },
	{ "The agency hired 5,000 additional inspectors.", 1, {
		CNT(5000, "=", "agency inspector") } },
	{ "Fewer than 20 lawmakers voted against the bill.", 1, {
		CNT(20, "<", "lawmaker") } },
	{ "The company will close 45 stores and cut 3,000 jobs.", 2, {
		CNT(45, "=", "company store"), CNT(3000, "=", "company job") } },
	{ "Up to 10,000 residents may be forced to leave.", 1, {
		CNT(10000, "<=", "resident") } },
	{ "Three men were charged with fraud on Friday.", 1, {
		CNT(3, "=", "man") } },
	{ "Two police officers were injured in the clash.", 1, {
		CNT(2, "=", "police officer") } },
	{ "The convoy included 80 trucks carrying food and medicine.", 1, {
		CNT(80, "=", "convoy truck") } },
	{ "Prosecutors charged 12 people in the scheme.", 1, {
		CNT(12, "=", "~people") } },
	{ "A dozen protesters were detained outside the embassy.", 1, {
		CNT(12, "=", "protester") } },
	{ "Hundreds of people gathered outside the courthouse.", 1, {
		CNTR(100, 1000, "=", "people") } },
	{ "Thousands of demonstrators marched through the capital.", 1, {
		CNTR(1000, 10000, "=", "demonstrator") } },
	{ "Tens of thousands of people fled the fighting.", 1, {
		CNTR(10000, 100000, "=", "people") } },
	{ "Dozens of villages were cut off by the floods.", 1, {
		CNTR(12, 120, "=", "village") } },

	/* ---- headlines ---- */
	{ "Storm leaves 200,000 without power", 1, {
		CNT(200000, "=", NULL) } },
	{ "Factory fire kills 17", 1, {
		CNT(17, "=", NULL) } },
	{ "Oil prices jump 4% on supply fears", 1, {
		PCT(4, "up", "oil price") } },
	{ "Jobless rate falls to 3.7%", 1, {
		PCT(3.7, "down", "jobless rate") } },
	{ "Retailer to cut 2,500 jobs", 1, {
		CNT(2500, "=", "retailer job") } },
	{ "Government unveils $900bn relief package", 1, {
		MON(9e11, "USD", "=", "relief package") } },
	{ "Shares slide 12% after profit warning", 1, {
		PCT(12, "down", "share") } },
	{ "Mayor wins second term", 0, { } },

	/* ---- casualty reports ---- */
	{ "The earthquake killed at least 2,100 people and injured 6,000 others.", 2, {
		CNT(2100, ">=", "~people"), CNT(6000, "=", "people") } },
	{ "The death toll rose to 58 on Sunday.", 1, {
		CNT(58, "up", "death toll") } },
	{ "Seven people died and 22 were hurt when the bus overturned.", 2, {
		CNT(7, "=", "people"), CNT(22, "=", "people") } },
	{ "More than 4,000 people have been killed since the war began.", 1, {
		CNT(4000, ">", "people") } },
	{ "Rescuers pulled 11 survivors from the rubble.", 1, {
		CNT(11, "=", "~survivor") } },
	{ "The flood displaced about 250,000 people.", 1, {
		CNT(250000, "~", "~people") } },
	{ "An estimated 1,500 people are still missing.", 1, {
		CNT(1500, "~", "people") } },
	{ "Five children were among the dead.", 1, {
		CNT(5, "=", "child") } },
	{ "Between 30 and 40 people were trapped inside the building.", 1, {
		CNTR(30, 40, "=", "people") } },

	/* ---- budgets and public money ---- */
	{ "The council approved a $4.2 million budget for parks.", 1, {
		MON(4.2e6, "USD", "=", "council budget") } },
	{ "A $3 million grant was awarded to the hospital.", 1, {
		MON(3e6, "USD", "=", "grant") } },
	{ "Lawmakers passed a $1.7 trillion spending bill.", 1, {
		MON(1.7e12, "USD", "=", "lawmaker spending bill") } },
	{ "The state will spend £450m on new schools.", 1, {
		MON(4.5e8, "GBP", "=", "state") } },
	{ "The project is expected to cost €2.3bn.", 1, {
		MON(2.3e9, "EUR", "=", "project") } },
	{ "Defence spending rose to 2.1% of GDP.", 1, {
		PCT(2.1, "up", "gdp") } },
	{ "The deficit narrowed to $1.4 trillion.", 1, {
		MON(1.4e12, "USD", "down", "deficit") } },
	{ "The city borrowed 500 million euros to fund the metro.", 1, {
		MON(5e8, "EUR", "=", "city") } },
	{ "The miner reported a profit of A$4.2 billion.", 1, {
		MON(4.2e9, "AUD", "=", "profit") } },
	{ "Tickets cost C$25 each.", 1, {
		MON(25, "CAD", "=", "ticket") } },
	{ "The fee is $35 a month.", 1, {
		MONPER(35, "USD", "month", "=", "fee") } },
	{ "Teachers will get a raise of $2,000 a year.", 1, {
		MONPER(2000, "USD", "year", "=", "raise") } },
	{ "The program costs taxpayers about $8 billion annually.", 1, {
		MONPER(8e9, "USD", "year", "~", "program") } },
	{ "The fund has assets of more than $300 billion.", 1, {
		MON(3e11, "USD", ">", "asset") } },
	{ "The government set aside Rs 5,000 crore for the scheme.", 1, {
		MON(5e10, "INR", "=", NULL) } },

	/* ---- polls ---- */
	{ "The poll found 48% of voters back the president.", 1, {
		PCT(48, "=", "voter") } },
	{ "Support for the measure fell to 41 percent.", 1, {
		PCT(41, "down", "support for measure") } },
	{ "Only 23% of respondents said the economy was improving.", 1, {
		PCT(23, "=", "respondent") } },
	{ "Two-thirds of Americans favour stricter rules.", 1, {
		PCT(200.0 / 3, "=", "~american") } },
	{ "The survey of 1,500 adults has a margin of error of 3 percentage points.", 2, {
		CNT(1500, "=", "survey adult"), PP(3, "=", "error") } },
	{ "Her approval rating slipped two points to 44%.", 2, {
		CNT(2, "down", "approval rating point"), PCT(44, "=", "approval rating") } },
	{ "More than half of those polled oppose the plan.", 1, {
		PCT(50.0, ">", NULL) } },
	{ "One in four adults reported symptoms of anxiety.", 1, {
		PCT(25, "=", "adult") } },

	/* ---- sports ---- */
	/* a score is two figures (a range rises) */
	{ "Arsenal beat Chelsea 3-1 on Saturday.", 2, {
		CNT(3, "=", "arsenal"), CNT(1, "=", "arsenal") } },
	{ "The Warriors won 112-104 in overtime.", 2, {
		CNT(112, "=", "warrior"), CNT(104, "=", "warrior") } },
	{ "He scored 31 points and grabbed 12 rebounds.", 2, {
		CNT(31, "=", "point"), CNT(12, "=", "rebound") } },
	{ "The striker has scored 25 goals this season.", 1, {
		CNT(25, "=", "striker goal") } },
	{ "She ran the marathon in 2 hours 14 minutes.", 2, {
		CNT(2, "=", "~hour"), CNT(14, "=", "minute") } },
	{ "The quarterback threw for 320 yards and three touchdowns.", 2, {
		MEAS(320, "yd", "=", NULL), CNT(3, "=", "touchdown") } },
	{ "A crowd of 62,000 watched the final.", 1, {
		CNT(62000, "=", "crowd") } },
	{ "The club paid a record £85m for the midfielder.", 1, {
		MON(8.5e7, "GBP", "=", "club") } },
	{ "He signed a five-year contract worth $200 million.", 2, {
		MEAS(5, "year", "=", "contract"), MON(2e8, "USD", "=", "contract") } },
	{ "The team finished fourth in the league.", 0, { } },

	/* ---- markets ---- */
	{ "The Dow fell 350 points, or 1.1%, to 31,500.", 3, {
		CNT(350, "down", "dow point"), PCT(1.1, "=", "dow"), CNT(31500, "=", "dow") } },
	/* a price "a barrel"/"an ounce" is a rate of the measure's unit */
	{ "Brent crude rose $1.20 to $84.50 a barrel.", 2, {
		MON(1.2, "USD", "up", "brent crude"), MONPER(84.5, "USD", "barrel", "=", "brent crude") } },
	{ "Gold climbed 0.8% to $1,950 an ounce.", 2, {
		PCT(0.8, "up", "gold"), MONPER(1950, "USD", "oz", "=", "gold") } },
	{ "The yield on Treasuries rose to 4.2%.", 1, {
		PCT(4.2, "up", "yield on treasury") } },
	{ "The company's shares dropped 7 per cent.", 1, {
		PCT(7, "down", "company share") } },
	{ "Quarterly revenue grew 15% to $12.3 billion.", 2, {
		PCT(15, "up", "quarterly revenue"), MON(1.23e10, "USD", "=", "quarterly revenue") } },
	{ "Net income fell 22 percent from a year earlier.", 1, {
		PCT(22, "down", "net income") } },
	{ "The central bank raised rates by 50 basis points.", 1, {
		MEAS(50, "bp", "up", "rate") } },
	{ "The euro slipped to $1.08.", 1, {
		MON(1.08, "USD", "down", "euro") } },
	{ "Bitcoin traded near $27,000.", 1, {
		MON(27000, "USD", "=", "bitcoin") } },
	{ "Sales rose 3.5% year on year.", 1, {
		PCT(3.5, "up", "sale") } },
	{ "The firm sold 1.2 million vehicles last year.", 1, {
		CNT(1.2e6, "=", "firm vehicle") } },

	/* ---- elections ---- */
	{ "The party won 52.4% of the vote.", 1, {
		PCT(52.4, "=", "vote") } },
	{ "Turnout was 71 percent, up from 66 percent in 2019.", 3, {
		PCT(71, "=", "turnout"), PCT(66, "=", "turnout"), YEAR(2019) } },
	/* the figure a change started from counts what the new one counts */
	{ "About 4.2 million people watched the final, up from 3.1 million last season.", 2, {
		CNT(4200000, "~", "people"), CNT(3100000, "=", "people") } },
	{ "Sales reached $40m, compared with $32m a year earlier.", 2, {
		MON(40000000, "USD", "=", "sale"), MON(32000000, "USD", "=", "sale") } },
	{ "The bank raised rates by 0.25 percentage points to 5.5%.", 2, {
		PP(0.25, "up", "rate"), PCT(5.5, "=", "rate") } },
	{ "Rates went up a quarter of a percentage point.", 1, {
		PP(0.25, "up", "rate") } },
	/* pence glued to the figure; a video resolution is no price */
	{ "Petrol rose to 190p a litre.", 1, {
		MONPER(1.9, "GBP", "l", "up", "petrol") } },
	{ "The film was shot in 1080p.", 1, {
		CNT(1080, "=", NULL) } },
	/* a possessive owner before the counted figure */
	{ "Some 70% of the town's 8,000 residents voted in favour.", 2, {
		PCT(70, "~", "resident"), CNT(8000, "=", "resident") } },
	/* a change by a fraction is a share */
	{ "Exports to China fell by a third last year.", 1, {
		PCT(100.0 / 3, "down", "~export") } },
	/* a patient verb after a modal owns nothing */
	{ "The rail strike will affect 20,000 commuters on Monday.", 1, {
		CNT(20000, "=", "commuter") } },
	/* "of which N": the noun of the figure before */
	{ "Officials say 2,400 homes were damaged, of which 600 were destroyed.", 2, {
		CNT(2400, "=", "home"), CNT(600, "=", "home") } },
	{ "Authorities have recorded 3,500 cases of measles this year.", 1, {
		CNT(3500, "=", "measles case") } },
	{ "The Democrats hold 51 seats in the Senate.", 1, {
		CNT(51, "=", "seat") } },
	{ "She won by 4,312 votes.", 1, {
		CNT(4312, "=", "vote") } },
	{ "About 150 million ballots were cast.", 1, {
		CNT(1.5e8, "~", "ballot") } },
	{ "The measure passed with 62% support.", 1, {
		PCT(62, "=", "support") } },
	{ "The incumbent trails by 6 points in the latest poll.", 1, {
		CNT(6, "=", "~point") } },

	/* ---- weather ---- */
	{ "Temperatures reached 41 degrees Celsius in Seville.", 1, {
		MEAS(41, "°C", "=", "temperature") } },
	{ "The storm brought winds of up to 120 mph.", 1, {
		MEAS(120, "mph", "<=", "~wind") } },
	{ "Up to 8 inches of snow fell overnight.", 1, {
		MEAS(8, "in", "<=", "snow") } },
	{ "The hurricane was 300 miles off the coast.", 1, {
		MEAS(300, "mi", "=", "hurricane") } },
	{ "Forecasters expect 50 mm of rain on Tuesday.", 1, {
		MEAS(50, "mm", "=", "rain") } },
	{ "The fire has burned 12,000 acres.", 1, {
		MEAS(12000, "acre", "=", "fire") } },
	{ "The wildfire grew to 45,000 hectares.", 1, {
		MEAS(45000, "ha", "up", "wildfire") } },
	{ "It was minus 12 degrees in Moscow.", 1, {
		MEAS(-12, "degree", "=", NULL) } },
	{ "Temperatures will hit 95°F this weekend.", 1, {
		MEAS(95, "°F", "=", "temperature") } },

	/* ---- health ---- */
	{ "The hospital treated 340 patients last week.", 1, {
		CNT(340, "=", "patient") } },
	{ "Cases rose by 12% in the past week.", 1, {
		PCT(12, "up", "case") } },
	{ "The vaccine was 91% effective against severe disease.", 1, {
		PCT(91, "=", NULL) } },
	{ "Health officials confirmed 27 new cases on Monday.", 1, {
		CNT(27, "=", "case") } },
	{ "About 1 in 10 adults has diabetes.", 1, {
		PCT(10, "~", "adult") } },
	/* a ratio is a share, the same figure as its percentage */
	{ "Nine in 10 adults have had the vaccine.", 1, { PCT(90, "=", "adult") } },
	{ "3 out of 4 voters backed the plan.", 1, { PCT(75, "=", "voter") } },
	{ "The trial enrolled 30,000 volunteers.", 1, {
		CNT(30000, "=", "trial volunteer") } },
	{ "Each dose contains 30 micrograms of vaccine.", 1, {
		MEAS(30, "\xc2\xb5g", "=", "vaccine") } },
	{ "Adults should drink about 2 litres of water a day.", 1, {
		MEASPER(2, "l", "day", "~", "water") } },
	{ "Obesity rates doubled between 1990 and 2020.", 1, {
		{ 1990, 2020, 1, "year", NULL, NULL, "=", NULL } } },

	/* ---- measures and rates ---- */
	{ "The bridge is 1.2 km long.", 1, {
		MEAS(1.2, "km", "=", "bridge") } },
	{ "The ship carried 20,000 tonnes of wheat.", 1, {
		MEAS(20000, "tonne", "=", "wheat") } },
	{ "The pipeline will carry 800,000 barrels a day.", 1, {
		MEASPER(800000, "barrel", "day", "=", "pipeline") } },
	{ "The plant uses 3 million gallons of water daily.", 1, {
		MEASPER(3e6, "gal", "day", "=", "water") } },
	{ "The train reached 350 km/h.", 1, {
		MEAS(350, "km/h", "=", "train") } },
	{ "The wind farm will generate 500 megawatts.", 1, {
		MEAS(500, "MW", "=", "wind farm") } },
	{ "The 72-year-old was taken to hospital.", 1, {
		MEAS(72, "year-old", "=", NULL) } },
	{ "Migrants crossed at a rate of 2,000 a day.", 1, {
		CNTPER(2000, "day", "=", "rate") } },

	/* ---- numbers in words and odd forms ---- */
	{ "Seventy-five percent of the land is farmed.", 1, {
		PCT(75, "=", "land") } },
	{ "Three hundred and twelve families were moved.", 1, {
		CNT(312, "=", "family") } },
	{ "Half a million people signed the petition.", 1, {
		CNT(500000, "=", "people") } },
	{ "A quarter of the workforce is over 55.", 2, {
		PCT(25.0, "=", "workforce"), CNT(55, ">", NULL) } },
	{ "The population is 1.4bn.", 1, {
		CNT(1.4e9, "=", "population") } },
	{ "Exports were worth 3.000.000 euros.", 1, {
		MON(3e6, "EUR", "=", "export") } },
	{ "Attendance was 20,000-25,000.", 1, {
		CNTR(20000, 25000, "=", "attendance") } },
	{ "The firm employs between 500 and 600 staff.", 1, {
		CNTR(500, 600, "=", "firm staff") } },
	{ "Prices ranged from $5 to $8.", 1, {
		MONR(5, 8, "USD", "=", "price") } },
	{ "The rate was cut to 0.25%.", 1, {
		PCT(0.25, "=", "rate") } },

	/* ---- dates, times, names and numbering: no figure ---- */
	{ "The summit opens on March 3.", 0, { } },
	{ "The talks resumed on 12 June.", 0, { } },
	{ "Polls close at 8 p.m. local time.", 0, { } },
	{ "The train leaves at 10:45.", 0, { } },
	{ "Windows 11 was released to the public.", 0, { } },
	{ "COVID-19 restrictions were lifted.", 0, { } },
	{ "Flight MH17 was shot down.", 0, { } },
	{ "Chapter 11 protection was granted.", 0, { } },
	{ "The Boeing 737 Max returned to service.", 0, { } },
	{ "She was ranked No. 1 in the world.", 0, { } },
	{ "The Fortune 500 list was published.", 0, { } },
	{ "Johnson, 54, denied the charges.", 1, {
		{ 54, 0, 0, "measure", "year-old", NULL, "=", "johnson" } } },

	/* ---- numbers that modify a noun measure it; model numbers name ---- */
	{ "Yields on 10-year Treasuries fell.", 1, {
		MEAS(10, "year", "=", "treasury") } },
	{ "She won a 3-mile race in Boston.", 1, {
		MEAS(3, "mi", "=", "race") } },
	{ "The deal includes a 12-page report.", 1, {
		MEAS(12, "page", "=", "deal report") } },
	{ "The key 30 year rate climbed to 6.5%.", 2, {
		MEAS(30, "year", "=", "rate"), PCT(6.5, "up", NULL) } },
	{ "Vancouver hosts one 52,000 barrel-a-day refinery.", 1, {
		MEASPER(52000, "barrel", "day", "=", "vancouver refinery") } },
	{ "The airline grounded two new 737 Max jets.", 1, {
		CNT(2, "=", "~jet") } },
	{ "Boeing's own 787 Dreamliner was delayed.", 0, { } },
	{ "Apple sold more 11 Pro Max phones.", 0, { } },

	/* ---- list items after a semicolon, objects before "for" ---- */
	{ "Homes from $750,000 to $1 million stay 70 days; $1 million to $2 million, 99 days.", 4, {
		MONR(750000, 1e6, "USD", "=", "home"), CNT(70, "=", "~day"),
		MONR(1e6, 2e6, "USD", "=", "home"), CNT(99, "=", "home day") } },
	{ "It took a 51 per cent stake in a local school for 92 million yuan.", 2, {
		PCT(51, "=", "stake"), MON(9.2e7, "CNY", "=", "local school stake") } },
	{ "The fund bought the building for $40 million.", 1, {
		MON(4e7, "USD", "=", "building") } },

	/* ---- no figure at all ---- */
	{ "The minister declined to comment.", 0, { } },
	/* a verb's particle is not a change; verbs that move a figure keep it */
	{ "Air defences shot down 28 drones overnight.", 1, { CNT(28, "=", "drone") } },
	{ "Labour picked up 40 seats.", 1, { CNT(40, "=", "labour seat") } },
	{ "The index ended up 40 points.", 1, { CNT(40, "up", "index point") } },
	/* "N of its last M": both count the games */
	{ "The team won 12 of its last 15 games.", 2,
	  { CNT(12, "=", "team game"), CNT(15, "=", "team game") } },
	/* the object changed by a share keeps its "of" attachment */
	{ "The drug cut the risk of death by 35%.", 1, { PCT(35, "=", "death risk") } },
	/* a point of a rate is a percentage point; of a price it is not */
	{ "The Fed raised rates by a quarter of a point.", 1, { PP(0.25, "up", "rate") } },
	{ "The Fed raised rates by a quarter point.", 1, { PP(0.25, "up", "rate") } },
	{ "The Fed cut rates by a quarter-point on Wednesday.", 1, { PP(0.25, "=", "rate") } },
	{ "The Fed raised rates by half a point.", 1, { PP(0.5, "up", "rate") } },
	{ "The bank raised rates by half a percentage point.", 1, { PP(0.5, "up", "rate") } },
	{ "The shares fell half a percent.", 1, { PCT(0.5, "down", "share") } },
	{ "Half a million people marched.", 1, { CNT(5e5, "=", "people") } },
	/* an auxiliary after a demonstrative is no noun */
	{ "That would add 2% to bills.", 1, { PCT(2, "=", "") } },
	{ "This could cost taxpayers $4.5 billion.", 1, { MON(4.5e9, "USD", "=", "") } },
	/* "speed" is no participle: the phrase before "of" holds "top" */
	{ "The plane reached a top speed of 600 mph.", 1, { MEAS(600, "mph", "=", "top speed") } },
	/* an irregular participle and its preposition end the phrase */
	{ "Police seized 45 kilograms of cocaine hidden in banana crates.", 1, {
		MEAS(45, "kg", "=", "cocaine") } },
	/* a change set off by a comma is the change of the figure before */
	{ "The airline carried 8.2 million passengers in May, up 6%.", 2, {
		CNT(8.2e6, "=", "airline passenger"), PCT(6, "up", "airline passenger") } },
	/* "N of them": the noun of the figure before */
	{ "The firm, which employs 5,600 people in Ohio, plans to cut 800 of them.", 2, {
		CNT(5600, "=", "firm people"), CNT(800, "=", "people") } },
	/* the object of a verb before "to": the level it reaches */
	{ "The bill would raise the minimum wage to $15 an hour.", 1, {
		MONPER(15, "USD", "hour", "=", "minimum wage") } },
	/* "in most": a quantifier, not what a sum is in */
	{ "The price of a pint has risen to £4.20 in most pubs.", 1, {
		MON(4.2, "GBP", "up", "pint price") } },
	/* inches glued to the number; "in" spaced is a preposition */
	{ "Up to 20in of rain could fall in places.", 1, { MEAS(20, "in", "<=", "rain") } },
	/* "m" before an adverb is the metre; an adverb before the subject's
	 * determiner is not part of it */
	{ "Overnight the river rose by 1.5m.", 1, { MEAS(1.5, "m", "up", "river") } },
	{ "The river rose by 1.5m overnight.", 1, { MEAS(1.5, "m", "up", "river") } },
	/* a spelled "N of its last M"; a fraction before a determiner is a
	 * share; a hyphenated compound before "of" is one word */
	{ "The team has won eight of its last ten matches.", 2,
	  { CNT(8, "=", "team match"), CNT(10, "=", "team match") } },
	{ "Bitcoin has lost more than half its value since November.", 1, {
		PCT(50, ">", "bitcoin") } },
	{ "The bank made a pre-tax profit of £2.1bn.", 1, { MON(2.1e9, "GBP", "=", "pre-tax profit") } },
	/* a clause's subject keeps a hyphenated compound whole */
	{ "The three-bedroom house sold for £650,000.", 2, {
		MEAS(3, "bedroom", "=", "house"), MON(650000, "GBP", "=", "three-bedroom house") } },
	/* a count of occurrences names no thing: the clause says whose */
	{ "The heart of a hummingbird beats up to 1,200 times a minute.", 1, {
		{ 1200, 0, 0, "count", "times", "minute", "<=", "hummingbird heart" } } },
	/* a lone adjective after a measure is said of the subject */
	{ "The phone is 12 grams lighter and 0.5mm thinner than the old one.", 2, {
		MEAS(12, "g", "=", "phone"), MEAS(0.5, "mm", "=", "phone") } },
	/* an opening phrase with no comma; an earlier figure in the subject */
	{ "Over the past decade the number of homeless people has doubled to 12,000.", 1, {
		CNT(12000, "up", "homeless people number") } },
	{ "After the vote the shares fell 5%.", 1, { PCT(5, "down", "share") } },
	{ "Each of the 12 jurors was paid $15 a day.", 2, {
		CNT(12, "=", "juror"), MONPER(15, "USD", "day", "=", "juror") } },
	/* "last" after a modal is the verb: a span, not a window of time */
	{ "The trial could last six weeks.", 1, { CNT(6, "=", "trial week") } },
	/* a plural, then a base form before a figure: the verb */
	{ "Tickets start at $89.", 1, { MON(89, "USD", "=", "ticket") } },
	/* "made up" is a verb and its particle, not a rise */
	{ "Electric cars made up 18% of new car sales.", 1, { PCT(18, "=", "car sale") } },
	/* what was said has a subject of its own */
	{ "Microsoft said revenue in its cloud division grew 29%.", 1, {
		PCT(29, "up", "cloud division revenue") } },
	{ "The Office for National Statistics said inflation rose to 3%.", 1, {
		PCT(3, "up", "inflation") } },
	/* after a relative clause, a clause that opens on a verb is the
	 * antecedent's; ", with NP VERB-ing" has the noun phrase */
	{ "The company's shares, which listed at $38, now trade at about $21.", 2, {
		MON(38, "USD", "=", "company share"), MON(21, "USD", "~", "company share") } },
	{ "Oil rose 3%, with Brent crude trading at $86 a barrel.", 2, {
		PCT(3, "up", "oil"), MONPER(86, "USD", "barrel", "=", "brent crude") } },
	/* an adjective after the head noun is not part of the key */
	{ "The tech giant employs 180,000 people worldwide.", 1, {
		CNT(180000, "=", "tech giant people") } },
	/* a past form after "has" is the verb, not the object */
	{ "The lake has shrunk by 40 percent.", 1, { PCT(40, "down", "lake") } },
	/* a count can be the level an object moves between */
	{ "The law raises the smoking age from 18 to 21.", 2, {
		CNT(18, "=", "smoking age"), CNT(21, "=", "smoking age") } },
	/* "in two years" is no "$1bn in sales" */
	{ "Its market value has tripled to $3 trillion in two years.", 2, {
		MON(3e12, "USD", "up", "market value"), CNT(2, "=", "market value year") } },
	{ "The app has been downloaded more than 50 million times.", 1, {
		{ 5e7, 0, 0, "count", "times", NULL, ">", "app" } } },
	{ "The aircraft can fly 8,000 nautical miles.", 1, { MEAS(8000, "nmi", "=", "aircraft") } },
	{ "Walkers had a 50% lower risk of dying.", 1, { PCT(50, "=", "walker dying risk") } },
	{ "Demand is expected to grow by 4% a year.", 1, {
		{ 4, 0, 0, "percent", "%", "year", "up", "demand" } } },
	/* "that" after a noun opens a relative clause; after "and", a figure
	 * a verb follows has a clause of its own */
	{ "Firefighters were battling a blaze that has burned 12,000 acres.", 1, {
		MEAS(12000, "acre", "=", "blaze") } },
	{ "Tickets cost $45 and 20,000 fans are expected.", 2, {
		MON(45, "USD", "=", "ticket"), CNT(20000, "=", "fan") } },
	/* "one in order to" is the pronoun; "an average of" is no change of
	 * its own; a phrase after a preposition is no object */
	{ "They rushed to get one in order to resell it.", 0, { } },
	{ "Wages have risen by an average of 3.4%.", 1, { PCT(3.4, "up", "wages") } },
	{ "The painting sold at auction for $450 million.", 1, {
		MON(4.5e8, "USD", "=", "painting") } },
	{ "The phone has a 200MP camera.", 1, { MEAS(200, "MP", "=", "phone camera") } },
	/* a bare object before a bound; a verb WordNet knows as a noun
	 * before a change noun */
	{ "The heatwave pushed temperatures above 40C.", 1, { MEAS(40, "°C", ">", "temperature") } },
	{ "Staff will get a 5% pay rise.", 1, { PCT(5, "=", "pay rise") } },
	/* a span said of the subject by a copula keeps its unit */
	{ "The average wait for an operation is now 18 weeks.", 1, {
		MEAS(18, "week", "=", "average wait for operation") } },
	/* what a change verb moves, after a verb of its own: "saw NP rise" */
	{ "The storm saw temperatures drop to 5C.", 1, { MEAS(5, "°C", "=", "temperature") } },
	{ "Investors saw the index climb 2% to 7,400.", 2, {
		PCT(2, "up", "index"), CNT(7400, "=", "index") } },
	/* a participle's object is no opening phrase, and a total no level's
	 * object: the subject of the clause before */
	{ "Netflix added 13.1 million subscribers, bringing its total to 260 million.", 2, {
		CNT(13.1e6, "up", "netflix subscriber"), CNT(2.6e8, "=", "netflix") } },
	/* "a third" before a noun is the ordinal; "another seven days" after
	 * "last" is a span, whatever comes after it */
	{ "Prices fell 1.2% in July, a third monthly fall.", 2, {
		PCT(1.2, "down", "price"), { 3, 0, 0, "ordinal", NULL, NULL, "=", NULL } } },
	{ "Admissions rose by a third last week.", 1, { PCT(100.0 / 3, "up", "admission") } },
	{ "The lockdown will last another seven days after 21 cases were found.", 2, {
		CNT(7, "=", "lockdown day"), CNT(21, "=", "case") } },
	{ "Talks are expected to continue next week.", 0, { } },
	{ "Nobody was hurt in the incident.", 0, { } },
	{ "The decision was welcomed by unions.", 0, { } },
	{ "No one has claimed responsibility for the attack.", 0, { } },
	{ "They blamed one another for the delay.", 0, { } },
	{ "Some residents said they felt abandoned.", 0, { } },
	{ "Many analysts expect a slowdown.", 0, { } },
	{ "A spokesman for the company did not respond.", 0, { } },
	{ "Rescue teams worked through the night.", 0, { } },
	{ "The approved budget now goes to the governor.", 0, { } },
	{ "Investors remain cautious about the outlook.", 0, { } },
};

static int same_double(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (fabs(a) + fabs(b) + 1);
}

static int same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Is w one of the space-separated words of key? */
static int key_has(const char *key, const char *w)
{
	size_t n = strlen(w);
	const char *p = key;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == key || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

START_TEST(test_news_table)
{
	const news_case *tc = &cases[_i];
	ct_claimset set = CT_CLAIMSET_INIT;
	size_t k;

	ck_assert_int_eq(ct_claims_extract_sentence(&set, tc->sentence, strlen(tc->sentence), NULL, 0), 0);
	/* the figures, as `claims` lists them: dates and names are check_judge's */
	ct_claimset_keep_listed(&set);
	ck_assert_msg(set.count == tc->n, "%s: %zu claims, want %zu", tc->sentence, set.count, tc->n);
	for (k = 0; k < tc->n; k++) {
		const ct_claim *c = &set.items[k];
		const news_claim *w = &tc->want[k];

		ck_assert_msg(same_double(c->value, w->value), "%s: claim %zu value %.15g, want %.15g",
			tc->sentence, k, c->value, w->value);
		ck_assert_msg(c->has_high == w->has_high && (!w->has_high || same_double(c->high, w->high)),
			"%s: claim %zu high %.15g", tc->sentence, k, c->high);
		ck_assert_msg(!strcmp(ct_claim_kind_name(c->kind), w->kind), "%s: claim %zu kind %s, want %s",
			tc->sentence, k, ct_claim_kind_name(c->kind), w->kind);
		ck_assert_msg(same_str(c->unit, w->unit), "%s: claim %zu unit %s, want %s", tc->sentence, k,
			c->unit ? c->unit : "null", w->unit ? w->unit : "null");
		ck_assert_msg(same_str(c->per, w->per), "%s: claim %zu per %s, want %s", tc->sentence, k,
			c->per ? c->per : "null", w->per ? w->per : "null");
		ck_assert_msg(!strcmp(c->qualifier, w->qualifier), "%s: claim %zu qualifier %s, want %s",
			tc->sentence, k, c->qualifier, w->qualifier);
		if (w->key && w->key[0] == '~')
			ck_assert_msg(key_has(c->key, w->key + 1), "%s: claim %zu key '%s' lacks '%s'",
				tc->sentence, k, c->key, w->key + 1);
		else if (w->key)
			ck_assert_msg(!strcmp(c->key, w->key), "%s: claim %zu key '%s', want '%s'",
				tc->sentence, k, c->key, w->key);
	}
	ct_claimset_clear(&set);
}
END_TEST

/*
 * Rewordings between versions of a story: each pair reports the same thing
 * counted, worded differently, and must share one key so that a diff sees
 * a changed figure rather than one removed and one added.
 */
static const struct { const char *a, *b, *key; } rewordings[] = {
	{ "Officials sent 3,000 ICE agents to the city.",
	  "Officials sent 3,500 agents from ICE to the city.", "ice agent" },
	{ "2,000 Ford workers went on strike.", "About 2,200 workers from Ford went on strike.",
	  "ford worker" },
	{ "About 150 workers walked off the job.", "Some 200 workers walked out on Monday.", "worker" },
	{ "Hundreds of people gathered outside.", "More than 500 people gathered outside.", "people" },
	{ "The death toll rose to 58 on Sunday.", "The death toll climbed to 61.", "death toll" },
	{ "The unemployment rate rose to 4.1%.", "The unemployment rate was 4.3% in May.",
	  "unemployment rate" },
	{ "Police said 3 people were arrested.", "Four people were arrested, police said.", "people" },
	{ "The company will cut 3,000 jobs.", "The company plans to cut about 3,500 jobs.",
	  "company job" },
	{ "The storm left 200,000 homes without power.",
	  "More than 250,000 homes were left without power by the storm.", "home" },
	{ "Police arrested 37 protesters outside parliament.",
	  "More than 40 protesters were arrested by police outside parliament.", "protester" },
	{ "The quake killed at least 2,000 people.",
	  "At least 2,100 people were killed in the quake.", "people" },
	{ "Rescuers pulled 14 survivors from the rubble.",
	  "Fourteen survivors were pulled from the rubble by rescuers.", "survivor" },
	{ "The budget rose to $5bn.", "The budget rose to $5.5 billion this year.", "budget" },
	{ "Nearly 600 migrants were rescued.", "An estimated 650 migrants were rescued.", "migrant" },
	{ "He signed a five-year contract.", "He signed a 5-year contract.", "contract" },
	{ "Air defences shot down 28 drones overnight.",
	  "Overnight, 31 drones were shot down by air defences.", "drone" },
	{ "The drug cut the risk of death by 35%.",
	  "The risk of death fell by 30% with the drug.", "death risk" },
	{ "The Fed raised rates by a quarter of a percentage point.",
	  "The Fed raised rates by a quarter of a point on Wednesday.", "rate" },
	{ "The bridge is 300 feet long.", "The 300-foot bridge opened on Monday.", "bridge" },
	{ "Its heart beats 80 times a minute at rest.", "At rest, its heart beats 85 times a minute.",
	  "heart" },
	{ "Firefighters were battling a blaze that has burned 12,000 acres.",
	  "The blaze has now burned 15,000 acres, officials said.", "blaze" },
	/* an editor's hyphen in a "one-" compound changes no key */
	{ "One punch killer Loveridge was sentenced.", "One-punch killer Loveridge was sentenced.",
	  "punch killer loveridge" },
	/* a bare count a patient verb acts on names no one, as in the passive */
	{ "The storm leaves 200,000 without power.",
	  "About 250,000 were left without power by the storm.", "" },
};

static const char *first_key(ct_claimset *set, const char *sentence)
{
	ct_claimset_clear(set);
	ck_assert_int_eq(ct_claims_extract_sentence(set, sentence, strlen(sentence), NULL, 0), 0);
	ck_assert_msg(set->count >= 1, "%s: no claim", sentence);
	return set->items[0].key;
}

START_TEST(test_news_rewording)
{
	ct_claimset a = CT_CLAIMSET_INIT, b = CT_CLAIMSET_INIT;
	const char *ka = first_key(&a, rewordings[_i].a), *kb = first_key(&b, rewordings[_i].b);

	ck_assert_msg(!strcmp(ka, rewordings[_i].key), "%s: key '%s', want '%s'", rewordings[_i].a,
		ka, rewordings[_i].key);
	ck_assert_msg(!strcmp(kb, rewordings[_i].key), "%s: key '%s', want '%s'", rewordings[_i].b,
		kb, rewordings[_i].key);
	ct_claimset_clear(&a);
	ct_claimset_clear(&b);
}
END_TEST

Suite *make_claims_news_suite(void)
{
	Suite *s = suite_create("claims_news");
	TCase *tc = tcase_create("news");

	tcase_add_loop_test(tc, test_news_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, test_news_rewording, 0,
		(int)(sizeof(rewordings) / sizeof(rewordings[0])));
	suite_add_tcase(s, tc);
	return s;
}
