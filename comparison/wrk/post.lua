-- wrk script of comparison/run.sh: every request is the same POST, its body and headers
-- taken from the environment (WRK_BODY, WRK_AUTHORIZATION).
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
local authorization = os.getenv("WRK_AUTHORIZATION")
if authorization and authorization ~= "" then
    wrk.headers["Authorization"] = authorization
end
