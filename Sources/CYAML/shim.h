#ifndef COACH_CYAML_SHIM_H
#define COACH_CYAML_SHIM_H
#include <yaml.h>
#endif
