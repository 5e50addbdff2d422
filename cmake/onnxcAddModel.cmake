# onnxc_add_model(<name> MODEL <file.onnx>
#                 [TARGET <triple>] [MCPU <cpu>] [MATTR <features>]
#                 [OPTIONS <onnxc option>...] [RUNTIME STATIC|SHARED])
#
# Compiles an ONNX model during the build into a library target <name> that
# an executable or library links like any other:
#   - an object, `onnxc --emit=obj --name=<name>`, whose exported symbols all
#     start with <name>_, so that several models (or two builds of one model
#     under different names) link into one program;
#   - a header <name>.h, `onnxc --emit=header --name=<name>`, declaring
#     <name>_descriptor(), <name>_load(onnxc_model **) and the model's
#     signature as constants (<NAME>_NUM_INPUTS, <NAME>_INPUT_0_DIMS, ...),
#     on the target's include path;
#   - the runtime, onnxc::runtime_static by default (RUNTIME SHARED links
#     onnxc::runtime instead). The model itself is always linked statically;
#     nothing is loaded with dlopen().
# The model is recompiled when the .onnx file, the onnxc executable or the
# options change. <name> must be a C identifier. TARGET, MCPU and MATTR are
# onnxc's --target, --mcpu and --mattr; by default the model is compiled for
# the CPU of the machine that builds it, so set MCPU (e.g. x86-64-v3) for
# programs that run elsewhere. OPTIONS are passed to onnxc as they are
# (e.g. -O2).
#
# Requires the target onnxc::onnxc and the runtime's (find_package(onnxc));
# onnxc's own build defines the same names as aliases of its targets.

function(onnxc_add_model name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "MODEL;TARGET;MCPU;MATTR;RUNTIME"
                        "OPTIONS")
  set(where "onnxc_add_model(${name})")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${where}: unexpected arguments: "
                        "${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "${where}: the name prefixes the model's C symbols "
                        "and must be a C identifier")
  endif()
  if(NOT arg_MODEL)
    message(FATAL_ERROR "${where}: MODEL <file.onnx> is required")
  endif()
  if(NOT arg_RUNTIME)
    set(arg_RUNTIME STATIC)
  endif()
  if(arg_RUNTIME STREQUAL "STATIC")
    set(runtime onnxc::runtime_static)
  elseif(arg_RUNTIME STREQUAL "SHARED")
    set(runtime onnxc::runtime)
  else()
    message(FATAL_ERROR "${where}: RUNTIME must be STATIC or SHARED, not "
                        "'${arg_RUNTIME}'")
  endif()
  foreach(required onnxc::onnxc ${runtime})
    if(NOT TARGET ${required})
      message(FATAL_ERROR "${where}: there is no target ${required}; call "
                          "find_package(onnxc CONFIG REQUIRED) first")
    endif()
  endforeach()

  get_filename_component(model "${arg_MODEL}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${model}")
    # A model that the build itself produces is fine.
    get_source_file_property(generated "${model}" GENERATED)
    if(NOT generated)
      message(FATAL_ERROR "${where}: the model file '${arg_MODEL}' does not "
                          "exist (looked for ${model})")
    endif()
  endif()

  set(flags --name=${name})
  if(arg_TARGET)
    list(APPEND flags --target=${arg_TARGET})
  endif()
  if(arg_MCPU)
    list(APPEND flags --mcpu=${arg_MCPU})
  endif()
  if(arg_MATTR)
    list(APPEND flags --mattr=${arg_MATTR})
  endif()
  list(APPEND flags ${arg_OPTIONS})

  # Rebuild when onnxc changes: a target of this build is a file- and a
  # target-level dependency by name; an imported one is a file.
  get_target_property(compiler onnxc::onnxc ALIASED_TARGET)
  if(NOT compiler)
    set(compiler "$<TARGET_FILE:onnxc::onnxc>")
  endif()

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/onnxc_models/${name}")
  set(object "${dir}/${name}.o")
  set(header "${dir}/include/${name}.h")
  add_custom_command(
    OUTPUT "${object}"
    COMMAND "$<TARGET_FILE:onnxc::onnxc>" "${model}" --emit=obj ${flags}
            -o "${object}"
    DEPENDS "${model}" "${compiler}"
    COMMENT "Compiling ONNX model ${arg_MODEL} (${name})"
    VERBATIM)
  add_custom_command(
    OUTPUT "${header}"
    COMMAND "$<TARGET_FILE:onnxc::onnxc>" "${model}" --emit=header ${flags}
            -o "${header}"
    DEPENDS "${model}" "${compiler}"
    COMMENT "Generating ${name}.h for ONNX model ${arg_MODEL}"
    VERBATIM)
  set_source_files_properties("${object}" PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)

  add_library(${name} STATIC "${object}" "${header}")
  set_target_properties(${name} PROPERTIES LINKER_LANGUAGE C)
  target_include_directories(${name} PUBLIC "$<BUILD_INTERFACE:${dir}/include>")
  target_link_libraries(${name} PUBLIC ${runtime})
  # Compiled models call libm (expf, ...).
  if(UNIX AND NOT APPLE)
    target_link_libraries(${name} PUBLIC m)
  endif()
endfunction()
