/* Archive commands not written yet: say so plainly (exit 2). */
#include "cli.h"

int cmd_init(int argc, char **argv) { (void)argc; (void)argv; return cli_error("init: not implemented yet"); }
int cmd_add(int argc, char **argv) { (void)argc; (void)argv; return cli_error("add: not implemented yet"); }
int cmd_log(int argc, char **argv) { (void)argc; (void)argv; return cli_error("log: not implemented yet"); }
int cmd_list(int argc, char **argv) { (void)argc; (void)argv; return cli_error("list: not implemented yet"); }
int cmd_show(int argc, char **argv) { (void)argc; (void)argv; return cli_error("show: not implemented yet"); }
