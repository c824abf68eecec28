/* SwiftPM needs one source file in a C target. scripts/test.sh copies the UniFFI-generated
 * headers (*FFI.h) into include/ and writes include/module.modulemap with one module per header. */
