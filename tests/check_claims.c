/* SPDX-License-Identifier: MIT */
/* Claim extraction: a table of news sentences, each with the exact claims
 * expected (value, high, kind, unit, per, qualifier, key), in order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct want_claim {
	double value, high;
	int has_high;
	const char *kind, *unit, *per, *qualifier, *key;
} want_claim;

typedef struct claim_case {
	const char *sentence;
	size_t n;
	want_claim want[6];
} claim_case;

static const claim_case cases[] = {
	{ "Miller threatened to fire officials if they did not begin detaining 3,000 migrants a day.", 1, {
		{ 3000.0, 0, 0, "count", NULL, "day", "=", "migrant" },
	} },
	{ "He also threatened to fire leaders of field offices posting the bottom 10% of arrest numbers monthly.", 1, {
		{ 10.0, 0, 0, "percent", "%", NULL, "=", "arrest number" },
	} },
	{ "According to the operation plan, the initiative calls on help from thousands of personnel, including:", 1, {
		{ 1000.0, 10000.0, 1, "count", NULL, NULL, "=", "personnel" },
	} },
	{ "3,000 ICE agents, including 1,800 from Homeland Security Investigations, which generally investigates transnational crimes;", 2, {
		{ 3000.0, 0, 0, "count", NULL, NULL, "=", "ice agent" },
		{ 1800.0, 0, 0, "count", NULL, NULL, "=", "homeland security investigation ice agent" },
	} },
	{ "2,000 Justice Department employees from the FBI, U.S. Marshals Service and the DEA;", 1, {
		{ 2000.0, 0, 0, "count", NULL, NULL, "=", "fbi u.s marshal service dea justice department employee" },
	} },
	{ "500 employees from Customs and Border Protection; and", 1, {
		{ 500.0, 0, 0, "count", NULL, NULL, "=", "custom border protection employee" },
	} },
	{ "250 IRS agents, some of whom may be used to provide tax information.", 1, {
		{ 250.0, 0, 0, "count", NULL, NULL, "=", "irs agent" },
	} },
	{ "The budget rose to $5bn.", 1, {
		{ 5000000000.0, 0, 0, "money", "USD", NULL, "up", "budget" },
	} },
	{ "The death toll rose to 42 on Tuesday.", 1, {
		{ 42.0, 0, 0, "count", NULL, NULL, "up", "death toll" },
	} },
	{ "At least 12 people were killed and 30 injured in the blast.", 2, {
		{ 12.0, 0, 0, "count", NULL, NULL, ">=", "people" },
		{ 30.0, 0, 0, "count", NULL, NULL, "=", "people" },
	} },
	{ "More than 200 people were arrested.", 1, {
		{ 200.0, 0, 0, "count", NULL, NULL, ">", "people" },
	} },
	{ "Nearly 1,500 homes were destroyed by the fire.", 1, {
		{ 1500.0, 0, 0, "count", NULL, NULL, "~", "home" },
	} },
	{ "About 300 firefighters battled the blaze.", 1, {
		{ 300.0, 0, 0, "count", NULL, NULL, "~", "firefighter" },
	} },
	{ "Up to 400 jobs could be cut.", 1, {
		{ 400.0, 0, 0, "count", NULL, NULL, "<=", "job" },
	} },
	{ "Fewer than 50 students attended.", 1, {
		{ 50.0, 0, 0, "count", NULL, NULL, "<", "student" },
	} },
	{ "The company cut 1,200 jobs last year.", 1, {
		{ 1200.0, 0, 0, "count", NULL, NULL, "=", "company job" },
	} },
	{ "Unemployment fell to 3.5 percent in May.", 1, {
		{ 3.5, 0, 0, "percent", "%", NULL, "down", "unemployment" },
	} },
	{ "Inflation rose 0.4 per cent in March.", 1, {
		{ 0.4, 0, 0, "percent", "%", NULL, "up", "inflation" },
	} },
	{ "Shares of Apple rose 5% on Monday.", 1, {
		{ 5.0, 0, 0, "percent", "%", NULL, "up", "apple share" },
	} },
	{ "The index was down 2.3%.", 1, {
		{ 2.3, 0, 0, "percent", "%", NULL, "down", "index" },
	} },
	{ "Sales grew 12 percent to $4.2 billion.", 2, {
		{ 12.0, 0, 0, "percent", "%", NULL, "up", "sale" },
		{ 4200000000.0, 0, 0, "money", "USD", NULL, "=", "sale" },
	} },
	{ "Revenue fell by 300 million euros.", 1, {
		{ 300000000.0, 0, 0, "money", "EUR", NULL, "down", "revenue" },
	} },
	{ "The plan costs £2.5m.", 1, {
		{ 2500000.0, 0, 0, "money", "GBP", NULL, "=", "plan" },
	} },
	{ "The firm paid ¥1.2 trillion for the unit.", 1, {
		{ 1200000000000.0, 0, 0, "money", "JPY", NULL, "=", "firm" },
	} },
	{ "The deal is worth €3bn.", 1, {
		{ 3000000000.0, 0, 0, "money", "EUR", NULL, "=", "deal" },
	} },
	{ "It raised US$500 million in new funding.", 1, {
		{ 500000000.0, 0, 0, "money", "USD", NULL, "up", "funding" },
	} },
	{ "The state spent $1.2k per person.", 1, {
		{ 1200.0, 0, 0, "money", "USD", "person", "=", "state" },
	} },
	{ "Prices range from $10 to $20.", 1, {
		{ 10.0, 20.0, 1, "money", "USD", NULL, "=", "price" },
	} },
	{ "Between 10 and 12 soldiers were wounded.", 1, {
		{ 10.0, 12.0, 1, "count", NULL, NULL, "=", "soldier" },
	} },
	{ "The crowd numbered 2,000-3,000 people.", 1, {
		{ 2000.0, 3000.0, 1, "count", NULL, NULL, "=", "crowd people" },
	} },
	/* a year before "to" starts no range with a figure that has a unit */
	{ "Mileage rose from 20 miles per gallon in 2008 to 29 mpg in 2018.", 4, {
		{ 20.0, 0, 0, "measure", "mpg", NULL, "up", "mileage" },
		{ 2008.0, 0, 0, "year", NULL, NULL, "=", "" },
		{ 29.0, 0, 0, "measure", "mpg", NULL, "=", "mileage" },
		{ 2018.0, 0, 0, "year", NULL, NULL, "=", "" },
	} },
	{ "Officials expect 20,000 to 30,000 visitors a year.", 1, {
		{ 20000.0, 30000.0, 1, "count", NULL, "year", "=", "visitor" },
	} },
	{ "A dozen officers responded.", 1, {
		{ 12.0, 0, 0, "count", NULL, NULL, "=", "officer" },
	} },
	{ "Dozens of people were injured.", 1, {
		{ 12.0, 120.0, 1, "count", NULL, NULL, "=", "people" },
	} },
	{ "Hundreds of homes lost power.", 1, {
		{ 100.0, 1000.0, 1, "count", NULL, NULL, "=", "home" },
	} },
	{ "Tens of thousands of protesters marched.", 1, {
		{ 10000.0, 100000.0, 1, "count", NULL, NULL, "=", "protester" },
	} },
	{ "Two-thirds of voters backed the measure.", 1, {
		{ 200.0 / 3, 0, 0, "percent", "%", NULL, "=", "voter" },
	} },
	{ "A quarter of the budget goes to defence.", 1, {
		{ 25.0, 0, 0, "percent", "%", NULL, "=", "budget" },
	} },
	{ "One in five adults smokes.", 1, {
		{ 20.0, 0, 0, "percent", "%", NULL, "=", "adult smoke" },
	} },
	{ "Three thousand two hundred troops were deployed.", 1, {
		{ 3200.0, 0, 0, "count", NULL, NULL, "=", "troop" },
	} },
	{ "The storm dumped 30 inches of snow.", 1, {
		{ 30.0, 0, 0, "measure", "in", NULL, "=", "snow" },
	} },
	{ "The car reached 120 mph.", 1, {
		{ 120.0, 0, 0, "measure", "mph", NULL, "=", "car" },
	} },
	{ "The trail is 12 km long.", 1, {
		{ 12.0, 0, 0, "measure", "km", NULL, "=", "trail" },
	} },
	{ "The truck carried 40 tonnes of grain.", 1, {
		{ 40.0, 0, 0, "measure", "tonne", NULL, "=", "grain" },
	} },
	{ "Temperatures hit 45 degrees Celsius.", 1, {
		{ 45.0, 0, 0, "measure", "°C", NULL, "=", "temperature" },
	} },
	{ "The farm covers 500 acres.", 1, {
		{ 500.0, 0, 0, "measure", "acre", NULL, "=", "farm" },
	} },
	{ "Output rose to 1.2 million barrels a day.", 1, {
		{ 1200000.0, 0, 0, "measure", "barrel", "day", "up", "output" },
	} },
	{ "The 65-year-old worries about the future.", 1, {
		{ 65.0, 0, 0, "measure", "year-old", NULL, "=", "worry" },
	} },
	{ "She finished third in the race.", 0, {
	} },
	{ "The bank is the country's third-largest lender.", 0, {
	} },
	{ "In 2019, the company hired 500 workers.", 2, {
		{ 2019.0, 0, 0, "year", NULL, NULL, "=", "" },
		{ 500.0, 0, 0, "count", NULL, NULL, "=", "company worker" },
	} },
	{ "The law was passed in 1998.", 1, {
		{ 1998.0, 0, 0, "year", NULL, NULL, "=", "" },
	} },
	{ "The party won 52% of the vote.", 1, {
		{ 52.0, 0, 0, "percent", "%", NULL, "=", "vote" },
	} },
	{ "The poll of 1,000 adults found 45% support the plan.", 2, {
		{ 1000.0, 0, 0, "count", NULL, NULL, "=", "poll adult" },
		{ 45.0, 0, 0, "percent", "%", NULL, "=", "poll" },
	} },
	{ "Support slipped two percentage points.", 1, {
		{ 2.0, 0, 0, "percent", "pp", NULL, "down", "support" },
	} },
	{ "The Lakers beat the Celtics 110-102.", 2, {
		{ 110.0, 0, 0, "count", NULL, NULL, "=", "laker" },
		{ 102.0, 0, 0, "count", NULL, NULL, "=", "laker" },
	} },
	{ "The team won 3-1 on Sunday.", 2, {
		{ 3.0, 0, 0, "count", NULL, NULL, "=", "team" },
		{ 1.0, 0, 0, "count", NULL, NULL, "=", "team" },
	} },
	{ "The project will take 18 months.", 1, {
		{ 18.0, 0, 0, "count", NULL, NULL, "=", "project month" },
	} },
	{ "The population reached 8 billion people.", 1, {
		{ 8000000000.0, 0, 0, "count", NULL, NULL, "=", "population people" },
	} },
	{ "Facebook has more than 2.2 billion users.", 1, {
		{ 2200000000.0, 0, 0, "count", NULL, NULL, ">", "facebook user" },
	} },
	{ "The company employs 13,000 workers in the United Kingdom.", 1, {
		{ 13000.0, 0, 0, "count", NULL, NULL, "=", "company worker" },
	} },
	{ "The city has 1.2m residents.", 1, {
		{ 1200000.0, 0, 0, "count", NULL, NULL, "=", "city resident" },
	} },
	{ "The fund manages 300m dollars.", 1, {
		{ 300000000.0, 0, 0, "money", "USD", NULL, "=", "fund" },
	} },
	/* a verb before the figure is no part of its subject, and what a
	 * patient verb ("leave") acts on is not its subject's: the key is the
	 * passive's ("250,000 were left without power by the storm") */
	{ "The storm leaves 200,000 without power.", 1, {
		{ 200000.0, 0, 0, "count", NULL, NULL, "=", "" },
	} },
	{ "The storm has left 250,000 without power.", 1, {
		{ 250000.0, 0, 0, "count", NULL, NULL, "=", "" },
	} },
	/* an adverb the lexicon does not know belongs to the verb group,
	 * not to the owner; nouns in -ly stay */
	{ "The agency eventually hired 250 agents.", 1, {
		{ 250.0, 0, 0, "count", NULL, NULL, "=", "agency agent" },
	} },
	{ "He created a light that glowed reliably for more than 1,000 hours.", 1, {
		{ 1000.0, 0, 0, "count", NULL, NULL, ">", "hour" },
	} },
	/* dates, versions and phone numbers are no figures ("3.000.000",
	 * grouped thousands, still is: see above) */
	{ "On 2019-02-15, 300 people came.", 1, {
		{ 300.0, 0, 0, "count", NULL, NULL, "=", "people" },
	} },
	{ "Posted 15/02/2019 and 2/26/2015 by staff; version 0.17.0 shipped.", 0, { } },
	{ "Americans killed since 9/11 number fewer than 100.", 1, {
		{ 100.0, 0, 0, "count", NULL, NULL, "<", "american" },
	} },
	{ "Call 555-123-4567 about the 30 new lines.", 1, {
		{ 30.0, 0, 0, "count", NULL, NULL, "=", "line" },
	} },
	/* a contracted pronoun is no subject */
	{ "If you look at the number, it's less than 100.", 1, {
		{ 100.0, 0, 0, "count", NULL, NULL, "<", "" },
	} },
	{ "We'll keep 3 local repositories.", 1, {
		{ 3.0, 0, 0, "count", NULL, NULL, "=", "local repository" },
	} },
	{ "They ran 300 such promotions last year.", 1, {
		{ 300.0, 0, 0, "count", NULL, NULL, "=", "promotion" },
	} },
	{ "Fresh halibut fillets routinely sell for $24 a pound.", 1, {
		{ 24.0, 0, 0, "money", "USD", NULL, "=", "fresh halibut fillet" },
	} },
	{ "Prices eventually reached $5.", 1, {
		{ 5.0, 0, 0, "money", "USD", NULL, "=", "price" },
	} },
	{ "The royal family owns 3 castles.", 1, {
		{ 3.0, 0, 0, "count", NULL, NULL, "=", "royal family castle" },
	} },
	{ "The mayor said nothing about the plan.", 0, {
	} },
	{ "There was no figure in this sentence.", 0, {
	} },
	{ "Officials met on Oct. 31 to discuss the plan.", 0, {
	} },
	{ "The meeting starts at 9:30 a.m. on June 5.", 0, {
	} },
	{ "Game 7 was played in Boston.", 0, {
	} },
	{ "The iPhone 11 sold well.", 0, {
	} },
	{ "Senard, 65, now faces the task.", 1, {
		{ 65.0, 0, 0, "measure", "year-old", NULL, "=", "senard" },
	} },
	{ "The debris field stretched for some seven miles (11 km).", 2, {
		{ 7.0, 0, 0, "measure", "mi", NULL, "~", "debris field" },
		{ 11.0, 0, 0, "measure", "km", NULL, "=", "debris field" },
	} },
	{ "The rate climbed to 6.7% from 6.29% last week.", 2, {
		{ 6.7, 0, 0, "percent", "%", NULL, "up", "rate" },
		{ 6.29, 0, 0, "percent", "%", NULL, "=", "rate" },
	} },
	{ "Growth slowed from 4.8 to 4.7 percent.", 1, {
		{ 4.8, 4.7, 1, "percent", "%", NULL, "=", "growth" },
	} },
	{ "Half of the staff left.", 1, {
		{ 50.0, 0, 0, "percent", "%", NULL, "=", "staff" },
	} },
	{ "More than half of respondents agreed.", 1, {
		{ 50.0, 0, 0, "percent", "%", NULL, ">", "respondent" },
	} },
	{ "The stock lost 162.31 points, or 2.14%, to 7,425.81.", 3, {
		{ 162.31, 0, 0, "count", NULL, NULL, "down", "stock point" },
		{ 2.14, 0, 0, "percent", "%", NULL, "=", "stock" },
		{ 7425.81, 0, 0, "count", NULL, NULL, "=", "stock" },
	} },
	{ "The price of gold is $1,700 an ounce.", 1, {
		{ 1700.0, 0, 0, "money", "USD", "oz", "=", "gold price" },
	} },
	{ "The minimum wage is $15 an hour.", 1, {
		{ 15.0, 0, 0, "money", "USD", "hour", "=", "minimum wage" },
	} },
	{ "Rents climbed 8% annually.", 1, {
		{ 8.0, 0, 0, "percent", "%", "year", "up", "rent" },
	} },
	{ "The plant produces 52,000 barrels daily.", 1, {
		{ 52000.0, 0, 0, "measure", "barrel", "day", "=", "plant" },
	} },
	{ "Some 400 families were evacuated.", 1, {
		{ 400.0, 0, 0, "count", NULL, NULL, "~", "family" },
	} },
	{ "An estimated 5,000 people attended.", 1, {
		{ 5000.0, 0, 0, "count", NULL, NULL, "~", "people" },
	} },
	{ "Roughly 40% of the land is forested.", 1, {
		{ 40.0, 0, 0, "percent", "%", NULL, "~", "land" },
	} },
	{ "Around 3 million people live there.", 1, {
		{ 3000000.0, 0, 0, "count", NULL, NULL, "~", "people" },
	} },
	{ "Almost 90 percent of the votes were counted.", 1, {
		{ 90.0, 0, 0, "percent", "%", NULL, "~", "vote" },
	} },
	{ "The charity raised $1.5 million for victims.", 1, {
		{ 1500000.0, 0, 0, "money", "USD", NULL, "up", "charity" },
	} },
	{ "Netflix added 8.8 million subscribers.", 1, {
		{ 8800000.0, 0, 0, "count", NULL, NULL, "up", "netflix subscriber" },
	} },
	{ "The survey of more than 6,000 employers found 81% of manufacturers struggled.", 2, {
		{ 6000.0, 0, 0, "count", NULL, NULL, ">", "survey employer" },
		{ 81.0, 0, 0, "percent", "%", NULL, "=", "manufacturer" },
	} },
	{ "Ticket prices rose by $5 to $45.", 2, {
		{ 5.0, 0, 0, "money", "USD", NULL, "up", "ticket price" },
		{ 45.0, 0, 0, "money", "USD", NULL, "=", "ticket price" },
	} },
	{ "The temperature dropped to minus 10 degrees.", 1, {
		{ -10.0, 0, 0, "measure", "degree", NULL, "down", "temperature" },
	} },
	/* a spelled subunit after "and": "one dollar and fifty" is $1.50 */
	{ "It cost one dollar and fifty.", 1, {
		{ 1.5, 0, 0, "money", "USD", NULL, "=", "" },
	} },
	{ "The fare was one dollar and one and the tip two.", 2, {
		{ 1.01, 0, 0, "money", "USD", NULL, "=", "fare" },
		{ 2.0, 0, 0, "count", NULL, NULL, "=", "tip" },
	} },
	{ "It cost $5 and 20 people came.", 2, {
		{ 5.0, 0, 0, "money", "USD", NULL, "=", "" },
		{ 20.0, 0, 0, "count", NULL, NULL, "=", "people" },
	} },
	/* no number before the percent word: the one after "of" is the share */
	{ "per cent of twenty-two", 1, {
		{ 22.0, 0, 0, "percent", "%", NULL, "=", "" },
	} },
	{ "He paid 2,000 \xe0\xae\xb0\xe0\xaf\x82 for it.", 1, {
		{ 2000.0, 0, 0, "money", "LKR", NULL, "=", "" },
	} },
	{ "The trade deficit widened to $-50.8bn.", 1, {
		{ -50800000000.0, 0, 0, "money", "USD", NULL, "up", "trade deficit" },
	} },
	{ "The government will spend 2 trillion yen on the plan.", 1, {
		{ 2000000000000.0, 0, 0, "money", "JPY", NULL, "=", "government" },
	} },
	{ "The fine was 10,000 Swiss francs.", 1, {
		{ 10000.0, 0, 0, "money", "CHF", NULL, "=", "fine" },
	} },
	{ "He was sentenced to 10 years in prison.", 1, {
		{ 10.0, 0, 0, "count", NULL, NULL, "=", "year" },
	} },
	{ "The reactor produces 1,000 megawatts of power.", 1, {
		{ 1000.0, 0, 0, "measure", "MW", NULL, "=", "power" },
	} },
	{ "The phone has 64GB of storage.", 1, {
		{ 64.0, 0, 0, "measure", "GB", NULL, "=", "storage" },
	} },
	{ "The engine makes 296 hp.", 1, {
		{ 296.0, 0, 0, "measure", "hp", NULL, "=", "engine" },
	} },
	/* the speaker owns nothing of what it reports, so the key stays the
	 * same when the attribution moves: "3 people were arrested, police said" */
	{ "Police said 3 people were arrested.", 1, {
		{ 3.0, 0, 0, "count", NULL, NULL, "=", "people" },
	} },
	{ "3 people were arrested, police said.", 1, {
		{ 3.0, 0, 0, "count", NULL, NULL, "=", "people" },
	} },
	{ "The vaccine is 95% effective.", 1, {
		{ 95.0, 0, 0, "percent", "%", NULL, "=", "vaccine effective" },
	} },
	{ "Exports rose 19% from 1987 to HK$10.05 billion.", 3, {
		{ 19.0, 0, 0, "percent", "%", NULL, "up", "export" },
		{ 1987.0, 0, 0, "year", NULL, NULL, "=", "" },
		{ 10050000000.0, 0, 0, "money", "HKD", NULL, "=", "export" },
	} },
	{ "The quake killed at least 2,000 people and injured 5,000 more.", 2, {
		{ 2000.0, 0, 0, "count", NULL, NULL, ">=", "people" },
		{ 5000.0, 0, 0, "count", NULL, NULL, "=", "people" },
	} },
	{ "Turnout was 67.3 percent.", 1, {
		{ 67.3, 0, 0, "percent", "%", NULL, "=", "turnout" },
	} },
	{ "The firm reported a net loss of $1.2 billion.", 1, {
		{ 1200000000.0, 0, 0, "money", "USD", NULL, "=", "net loss" },
	} },
	{ "Nvidia advanced 8%, Qualcomm rose 4%, and Broadcom gained 3%.", 3, {
		{ 8.0, 0, 0, "percent", "%", NULL, "up", "nvidia" },
		{ 4.0, 0, 0, "percent", "%", NULL, "up", "qualcomm" },
		{ 3.0, 0, 0, "percent", "%", NULL, "up", "broadcom" },
	} },
	{ "The bill passed 52-48 in the Senate.", 2, {
		{ 52.0, 0, 0, "count", NULL, NULL, "=", "bill" },
		{ 48.0, 0, 0, "count", NULL, NULL, "=", "bill" },
	} },
	{ "The club paid a record £100m for the striker.", 1, {
		{ 100000000.0, 0, 0, "money", "GBP", NULL, "=", "club" },
	} },
	{ "Over 1,000 flights were cancelled.", 1, {
		{ 1000.0, 0, 0, "count", NULL, NULL, ">", "flight" },
	} },
	{ "The company has 1 234 567 customers.", 1, {
		{ 1234567.0, 0, 0, "count", NULL, NULL, "=", "company customer" },
	} },
	{ "Europe reported 3.000.000 cases.", 1, {
		{ 3000000.0, 0, 0, "count", NULL, NULL, "=", "europe case" },
	} },
	{ "The recall covers 1.5 million vehicles.", 1, {
		{ 1500000.0, 0, 0, "count", NULL, NULL, "=", "recall vehicle" },
	} },
	{ "The wildfire has burned 120,000 hectares.", 1, {
		{ 120000.0, 0, 0, "measure", "ha", NULL, "=", "wildfire" },
	} },
	{ "House prices fell 0.5% month on month.", 1, {
		{ 0.5, 0, 0, "percent", "%", NULL, "down", "house price" },
	} },
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

START_TEST(test_claims_table)
{
	const claim_case *tc = &cases[_i];
	ct_claimset set = CT_CLAIMSET_INIT;
	size_t k;

	ck_assert_int_eq(ct_claims_extract_sentence(&set, tc->sentence, strlen(tc->sentence), NULL, 0), 0);
	/* the figures, as `claims` lists them: dates and names are check_judge's */
	ct_claimset_keep_listed(&set);
	ck_assert_msg(set.count == tc->n, "%s: %zu claims, want %zu", tc->sentence, set.count, tc->n);
	for (k = 0; k < tc->n; k++) {
		const ct_claim *c = &set.items[k];
		const want_claim *w = &tc->want[k];

		ck_assert_msg(same_double(c->value, w->value), "%s: claim %zu value %.15g, want %.15g",
			tc->sentence, k, c->value, w->value);
		ck_assert_msg(c->has_high == w->has_high && (!w->has_high || same_double(c->high, w->high)),
			"%s: claim %zu high", tc->sentence, k);
		ck_assert_msg(!strcmp(ct_claim_kind_name(c->kind), w->kind), "%s: claim %zu kind %s, want %s",
			tc->sentence, k, ct_claim_kind_name(c->kind), w->kind);
		ck_assert_msg(same_str(c->unit, w->unit), "%s: claim %zu unit %s, want %s", tc->sentence, k,
			c->unit ? c->unit : "null", w->unit ? w->unit : "null");
		ck_assert_msg(same_str(c->per, w->per), "%s: claim %zu per %s, want %s", tc->sentence, k,
			c->per ? c->per : "null", w->per ? w->per : "null");
		ck_assert_msg(!strcmp(c->qualifier, w->qualifier), "%s: claim %zu qualifier %s, want %s",
			tc->sentence, k, c->qualifier, w->qualifier);
		ck_assert_msg(!strcmp(c->key, w->key), "%s: claim %zu key '%s', want '%s'",
			tc->sentence, k, c->key, w->key);
		ck_assert_ptr_nonnull(c->rule == NULL || c->rule[0] ? c->key : NULL);
	}
	ct_claimset_clear(&set);
}
END_TEST

/* The example article through the real text plugin: every figure, exactly. */
START_TEST(test_claims_example_article)
{
	static const struct { double value, high; int has_high; const char *per, *key, *subject; } want[] = {
		{ 2, 0, 0, NULL, "source", "sources" },
		{ 3000, 0, 0, "day", "migrant", "migrants" },
		{ 10, 0, 0, NULL, "arrest number", "arrest numbers" },
		{ 1000, 10000, 1, NULL, "personnel", "personnel" },
		{ 3000, 0, 0, NULL, "ice agent", "ICE agents" },
		{ 1800, 0, 0, NULL, "homeland security investigation ice agent",
		  "ICE agents from Homeland Security Investigations" },
		{ 2000, 0, 0, NULL, "fbi u.s marshal service dea justice department employee",
		  "Justice Department employees from the FBI, U.S. Marshals Service and the DEA" },
		{ 500, 0, 0, NULL, "custom border protection employee",
		  "employees from Customs and Border Protection" },
		{ 250, 0, 0, NULL, "irs agent", "IRS agents" },
	};
	ct_host *host = test_host();
	ct_doc *doc = parse_fixture(host, "fixtures/text/operation-at-large.txt", "text");
	ct_claimset set = CT_CLAIMSET_INIT;
	size_t k;

	ck_assert_int_eq(ct_claims_extract(&set, doc), 0);
	ck_assert_uint_eq(set.count, sizeof(want) / sizeof(want[0]));
	for (k = 0; k < set.count; k++) {
		const ct_claim *c = &set.items[k];

		ck_assert_msg(same_double(c->value, want[k].value), "claim %zu value %g", k, c->value);
		ck_assert_int_eq(c->has_high, want[k].has_high);
		if (want[k].has_high)
			ck_assert(same_double(c->high, want[k].high));
		ck_assert_msg(same_str(c->per, want[k].per), "claim %zu per", k);
		ck_assert_str_eq(c->key, want[k].key);
		ck_assert_str_eq(c->subject, want[k].subject);
	}
	ct_claimset_clear(&set);
	ct_doc_free(doc);
	ct_host_free(host);
}
END_TEST

START_TEST(test_claims_key)
{
	static const char *const pairs[][2] = {
		{ "ICE agents", "ice agent" }, { "agents from ICE", "ice agent" },
		{ "the estimated additional agents", "agent" },
		{ "Johnson's deputies", "johnson deputy" }, { "people", "people" },
		{ "workers of Ford", "ford worker" }, { "", "" },
		{ "Justice Department employees", "justice department employee" },
		{ "classes", "class" }, { "women", "woman" }, { "cities", "city" },
		/* every attachment goes before what it attaches to, the last first */
		{ "risk of dying of walkers", "walker dying risk" },
		{ "average price of a litre of petrol", "petrol litre average price" },
		{ "number of people in the city", "city people number" },
		{ "price of", "price" }, { "price of of the", "price" },
		/* past eight parts, an attachment word stays where it is */
		{ "k0 of k1 of k2 of k3 of k4 of k5 of k6 of k7 of k8 of k9",
		  "k7 of k8 of k9 k6 k5 k4 k3 k2 k1 k0" },
	};
	size_t k;

	for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		char *key = ct_claims_key(pairs[k][0]);

		ck_assert_ptr_nonnull(key);
		ck_assert_msg(!strcmp(key, pairs[k][1]), "key of '%s': '%s', want '%s'", pairs[k][0],
			key, pairs[k][1]);
		free(key);
	}
}
END_TEST

/* Hostile input: nothing read past the sentence, no crash, no claim loss. */
START_TEST(test_claims_odd_input)
{
	static const char *const odd[] = {
		"", "$", "-", "1,", ",1", "1e", "1e999", "$-", "a a a a", "\xe2\x82", "1/0", "0/0 people",
		"9999999999999999999999999999 dollars", "1.2.3.4.5.6.7.8", "between and", "one in",
		"\xc2\xbd of", "US$ $ $ 5", "5 x 10^", "-- - 3", "HK", "tens of", "half a",
	};
	size_t k;

	for (k = 0; k < sizeof(odd) / sizeof(odd[0]); k++) {
		ct_claimset set = CT_CLAIMSET_INIT;

		ck_assert_int_eq(ct_claims_extract_sentence(&set, odd[k], strlen(odd[k]), NULL, 0), 0);
		ct_claimset_clear(&set);
	}
}
END_TEST

Suite *make_claims_suite(void)
{
	Suite *s = suite_create("claims");
	TCase *tc = tcase_create("grammar");

	tcase_add_loop_test(tc, test_claims_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_claims_key);
	tcase_add_test(tc, test_claims_odd_input);
	suite_add_tcase(s, tc);
	tc = tcase_create("document");
	tcase_add_test(tc, test_claims_example_article);
	suite_add_tcase(s, tc);
	return s;
}
