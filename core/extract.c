/*
 * Claim extraction from one sentence: a first grammar for figures written
 * in digits. (Being replaced by the full grammar.)
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/claims.h"

static int is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '\'' || (unsigned char)c >= 0x80;
}

int ct_claims_extract_sentence(ct_claimset *set, const char *s, size_t len,
	const char *section, size_t sentence_no)
{
	size_t i = 0;
	int err = 0;
	char *sentence;

	if (!(sentence = strndup(s, len)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	while (i < len && !err) {
		size_t start, j, subj_start, subj_end, words = 0;
		char num[64], *text, *subject;
		size_t nn = 0;
		ct_claim c;

		if (!isdigit((unsigned char)s[i]) || (i > 0 && is_word_char(s[i - 1]))) {
			i++;
			continue;
		}
		start = i;
		while (i < len && (isdigit((unsigned char)s[i]) ||
				   ((s[i] == ',' || s[i] == '.') && i + 1 < len &&
				    isdigit((unsigned char)s[i + 1])))) {
			if (s[i] != ',' && nn + 1 < sizeof(num))
				num[nn++] = s[i];
			i++;
		}
		num[nn] = '\0';
		memset(&c, 0, sizeof(c));
		c.value = strtod(num, NULL);
		c.kind = CT_KIND_COUNT;
		c.qualifier = "=";
		c.rule = "next-words";
		if (i < len && s[i] == '%') {
			c.kind = CT_KIND_PERCENT;
			c.unit = "%";
			i++;
		}
		j = i;
		while (j < len && s[j] == ' ')
			j++;
		subj_start = subj_end = j;
		while (j < len && words < 4 && is_word_char(s[j])) {
			size_t w = j;

			while (j < len && is_word_char(s[j]))
				j++;
			if ((j - w == 2 && !strncmp(s + w, "of", 2)) || (j - w == 1 && s[w] == 'a'))
				break;
			subj_end = j;
			words++;
			if (j < len && s[j] != ' ')
				break;
			while (j < len && s[j] == ' ')
				j++;
		}
		if (!(text = strndup(s + start, (subj_end > i ? subj_end : i) - start)) ||
		    !(subject = strndup(s + subj_start, subj_end - subj_start))) {
			free(text);
			err = ct_error_set(CT_ENOMEM, "out of memory");
			break;
		}
		c.subject = subject;
		c.key = ct_claims_key(subject);
		c.text = text;
		c.sentence = sentence;
		c.section = (char *)section;
		c.sentence_no = sentence_no;
		c.offset = start;
		if (!c.key)
			err = ct_error_set(CT_ENOMEM, "out of memory");
		else
			err = ct_claimset_push(set, &c);
		free(c.key);
		free(text);
		free(subject);
	}
	free(sentence);
	return err;
}
