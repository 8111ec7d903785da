/// `GET /openapi.json`: an OpenAPI 3 description of the service, written by hand.
enum OpenAPIDocument {
    static let text = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "MineScreen screening service",
    "version": "1",
    "description": "Clean-ore (净矿出让) screening of candidate blocks against the constraint layers of one rules file, read and indexed once when the service starts (minescreen serve). The JSON report of POST /v1/screen is the document `minescreen screen --format json` writes for the same blocks and rules file. When the service runs with --token-file, every request except GET /healthz needs `Authorization: Bearer <token>`."
  },
  "components": {
    "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
    "schemas": {
      "Error": {
        "type": "object", "required": ["error"],
        "properties": { "error": { "type": "string", "description": "What was wrong; for unparseable JSON it names line and column." } }
      },
      "Health": {
        "type": "object", "required": ["status", "layers", "rules"],
        "properties": {
          "status": { "type": "string", "enum": ["ok"] },
          "layers": { "type": "array", "items": {
            "type": "object", "required": ["name", "file", "features", "sha256"],
            "properties": {
              "name": { "type": "string" }, "file": { "type": "string" },
              "features": { "type": "integer", "description": "Features in the file (checked and rejected)." },
              "sha256": { "type": "string" },
              "error": { "type": "string", "description": "Why the last reload could not read the layer; the version read before is still served." }
            } } },
          "rules": { "type": "object", "required": ["path", "sha256"],
                     "properties": { "path": { "type": "string" }, "sha256": { "type": "string" } } },
          "loaded": { "type": "string", "format": "date-time" },
          "reload": { "type": "object", "properties": {
            "at": { "type": "string", "format": "date-time" }, "ok": { "type": "boolean" },
            "errors": { "type": "array", "items": { "type": "string" } } } }
        }
      },
      "ScreenReport": {
        "type": "object",
        "description": "As written by `minescreen screen --format json`: crs, areaMethod, units, rules, blocks (id, area_m2, verdict clean | needs-cut | blocked | unverified, conflict_m2, clean_m2, reasons, overlapsWith, index, properties), summary, rejected; then remainder (with remainder=1) and provenance (software, command, started, duration_s, inputs with sha256, rules).",
        "required": ["blocks", "summary", "rejected", "provenance"],
        "properties": {
          "blocks": { "type": "array", "items": { "type": "object" } },
          "summary": { "type": "object" },
          "rejected": { "type": "array", "items": { "type": "object" } },
          "remainder": { "type": "object", "description": "GeoJSON FeatureCollection of the clean remainders (EPSG:4490)." },
          "provenance": { "type": "object" }
        }
      }
    }
  },
  "security": [ { "bearer": [] } ],
  "paths": {
    "/": {
      "get": {
        "summary": "Page for analysts: choose or drop a file, see verdicts and maps, download dossier, workbook and remainder.",
        "responses": { "200": { "description": "Self-contained HTML page.", "content": { "text/html": {} } },
                       "401": { "description": "Missing or wrong token.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } }
      },
      "head": {
        "summary": "As GET: its status and headers, no body.",
        "responses": { "200": { "description": "The page is there." }, "401": { "description": "Missing or wrong token." } }
      }
    },
    "/healthz": {
      "get": {
        "summary": "Layers and rules being served, with their SHA-256; never needs the token.",
        "security": [],
        "responses": { "200": { "description": "Serving.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } } }
      },
      "head": {
        "summary": "As GET: its status and headers, no body (for load balancers' health checks); never needs the token.",
        "security": [],
        "responses": { "200": { "description": "Serving." } }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document.",
        "responses": { "200": { "description": "OpenAPI 3 document.", "content": { "application/json": {} } } }
      },
      "head": {
        "summary": "As GET: its status and headers, no body.",
        "responses": { "200": { "description": "The document is there." } }
      }
    },
    "/v1/screen": {
      "post": {
        "summary": "Screen the blocks of the body against the layers.",
        "parameters": [
          { "name": "id-field", "in": "query", "schema": { "type": "string" }, "description": "Property holding the block id (as --id-field)." },
          { "name": "name-field", "in": "query", "schema": { "type": "string" }, "description": "Property holding a name shown beside ids (as --name-field)." },
          { "name": "remainder", "in": "query", "schema": { "type": "string", "enum": ["0", "1"] }, "description": "1: add the clean remainders under \"remainder\"." },
          { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json", "html", "xlsx", "remainder"], "default": "json" },
            "description": "json: the report; html: the dossier with per-block maps; xlsx: the workbook; remainder: the remainders alone as GeoJSON." }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/geo+json": { "schema": { "type": "object", "description": "FeatureCollection, Feature or geometry; a crs member is honoured." } },
            "application/json": { "schema": { "type": "object" } },
            "text/plain": { "schema": { "type": "string", "description": "坐标文件 (GBK or UTF-8)." } },
            "application/zip": { "schema": { "type": "string", "format": "binary", "description": "One zipped Shapefile (.shp, .shx, .dbf, .prj)." } }
          }
        },
        "responses": {
          "200": { "description": "The screening report (or the download asked for by format).",
                   "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ScreenReport" } },
                                "text/html": {}, "application/geo+json": {},
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {} } },
          "400": { "description": "Unreadable body (unparseable JSON names line and column), unknown field, bad parameter.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "401": { "description": "Missing or wrong token.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "405": { "description": "Wrong method.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "413": { "description": "Body larger than --max-body-mb.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        }
      }
    },
    "/v1/reload": {
      "post": {
        "summary": "Re-read changed layer files (as SIGHUP). Requests in flight finish on the layers they started with; a layer that fails to load keeps its previous version.",
        "responses": {
          "200": { "description": "Reloaded; the health document.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } },
          "500": { "description": "Some layer or the rules file could not be read; the previous version is still served (see reload.errors).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } }
        }
      }
    }
  }
}
"""#
}
