// Each addon source file registers its functions on the module's exports.
#ifndef SKETCHMAT_ADDON_MODULES_H_
#define SKETCHMAT_ADDON_MODULES_H_

#include <napi.h>

namespace skm_addon {

void InitLibrary(Napi::Env env, Napi::Object exports);  // addon.cc
void InitDoors(Napi::Env env, Napi::Object exports);    // door.cc: addon.kernels, addon.kernelsAsync

}  // namespace skm_addon

#endif  // SKETCHMAT_ADDON_MODULES_H_
