{
  # The Node-API addon: native/addon (the door) over native/kernels (the math)
  # and Highway's runtime target detection. No flag raises the baseline ISA:
  # Highway compiles each kernel per target and picks one at run time.
  "targets": [
    {
      "target_name": "sketchmat",
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('native/kernels').filter(f => f.endsWith('.cc')).map(f => 'native/kernels/' + f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/addon').filter(f => f.endsWith('.cc')).map(f => 'native/addon/' + f).join(' ')\")",
        "deps/highway/hwy/targets.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "native/include",
        "native/kernels",
        "deps/highway"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "HWY_DISABLED_TARGETS=HWY_SSSE3"
      ],
      "cflags!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y", "-O2"],
      "cflags": ["-O3", "-ffp-contract=off", "-fexceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off", "-fexceptions"],
      "ldflags": ["-static-libstdc++", "-static-libgcc"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CFLAGS": ["-ffp-contract=off"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17"] }
      }
    }
  ]
}
