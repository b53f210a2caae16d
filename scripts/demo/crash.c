/* The demo's crashing program: a null dereference two calls deep, built with
 * -O2 so one call is inlined and the walk needs CFI to get every frame right. */
#include <stdio.h>
#include <stdlib.h>

struct config {
  const char *name;
  int *limits;
};

static inline int read_limit(const struct config *c, int i) {
  return c->limits[i]; /* c->limits is NULL: SIGSEGV here */
}

__attribute__((noinline)) int total_limits(const struct config *c, int n) {
  int total = 0;
  for (int i = 0; i < n; i++) total += read_limit(c, i);
  return total;
}

__attribute__((noinline)) int load_config(int argc) {
  struct config c = {"demo", argc > 5 ? malloc(16) : NULL};
  return total_limits(&c, 4) + 1;
}

int main(int argc, char **argv) {
  (void)argv;
  printf("total: %d\n", load_config(argc));
  return 0;
}
