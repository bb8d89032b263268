"""OpenAPI post-processing: every operation documents the errors it can answer with, in the
shapes apps.api.errors gives them (400 field errors, 401, 403, 404, 409 with reasons)."""

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "reasons": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": True,
    "description": "detail (and reasons) for refusals; for bad input, messages per field",
}
DESCRIPTIONS = {
    "400": "Dữ liệu không hợp lệ: lỗi theo từng trường, hoặc dịch vụ từ chối (detail, reasons)",
    "401": "Chưa đăng nhập",
    "403": "Không có quyền",
    "404": "Không tìm thấy (hoặc không được xem)",
    "409": "Quy tắc không cho phép (reasons: từng lý do)",
    "429": "Quá nhiều yêu cầu",
}


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = ["401", "403", "404", "429"]
            if method in ("post", "put", "patch") or "{" in path or method == "get":
                codes.append("400")
            if method == "post":
                codes.append("409")
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
