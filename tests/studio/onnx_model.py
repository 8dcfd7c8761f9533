"""A tiny ONNX model written by hand, so the tests need no `onnx` package.

The protobuf wire format is simple enough to write directly: this builds a `ModelProto` whose
graph sums the RGB channels and applies a sigmoid (`ReduceSum(axes=[1]) → Sigmoid`, opset 11),
which makes bright pixels "salient". Inputs are `[1, 3, H, W]` (fixed or dynamic).
"""

from __future__ import annotations


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes | str | int) -> bytes:
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _tensor_value(name: str, dims: list[int | str]) -> bytes:
    shape = b"".join(_field(1, _field(1, d) if isinstance(d, int) else _field(2, d)) for d in dims)
    tensor_type = _field(1, 1) + _field(2, shape)  # elem_type FLOAT, shape
    return _field(1, name) + _field(2, _field(1, tensor_type))


def _node(op: str, inputs: list[str], outputs: list[str], attributes: bytes = b"") -> bytes:
    body = b"".join(_field(1, i) for i in inputs) + b"".join(_field(2, o) for o in outputs)
    return body + _field(3, f"{op}_0") + _field(4, op) + attributes


def brightness_model(height: int | str = "h", width: int | str = "w", channels: int = 3) -> bytes:
    """ModelProto bytes: `y = sigmoid(sum over channels of x)`, shape [1, 1, H, W]."""
    axes = _field(1, "axes") + _field(8, 1) + _field(20, 7)  # AttributeProto: name, ints=[1], type=INTS
    graph = (
        _field(1, _node("ReduceSum", ["x"], ["s"], _field(5, axes)))
        + _field(1, _node("Sigmoid", ["s"], ["y"]))
        + _field(2, "brightness")
        + _field(11, _tensor_value("x", [1, channels, height, width]))
        + _field(12, _tensor_value("y", [1, 1, height, width]))
    )
    opset = _field(1, "") + _field(2, 11)
    return _field(1, 7) + _field(2, "shopweave-tests") + _field(7, graph) + _field(8, opset)
