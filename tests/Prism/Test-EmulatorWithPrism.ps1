<#
.SYNOPSIS
    Checks the emulator's answers and the module's requests against an Aura API description with Stoplight Prism,
    a validator that owes nothing to this project's code.

.DESCRIPTION
    Starts the built emulator on a free loopback port and Prism (`prism proxy`) in front of it. Part 1 drives every
    operation of Aura API v1 through the proxy with plain HTTP requests: reads, creates, changes, deletes and their
    refusals (404, 409, 400, 402, 405, 420) and injected gateway answers (429, 503, 500, 502); Prism reports what
    does not match in its `sl-violations` header. Part 2 connects the built module to a second proxy and runs every
    cmdlet that sends a request (ModuleSteps.ps1); what Prism finds wrong with the module's requests (or the answers
    they get) is read from its log, and a step that fails is a finding too.

    -Spec is the description to check against: by default the project's own (tests/AuraApi/aura-api-v1.yaml);
    give Neo4j's published v1 description (https://neo4j.com/docs/aura/platform/api/specification/) to check
    against Aura's. Findings that Neo4j's description contradicts itself on are listed as known quirks of that
    description, with the reason; anything else fails the check (exit code 1).

    Needs Node.js and npm (Prism is installed with npm into out/prism on first use) and a built module and emulator
    (dotnet pwsh -File build.ps1 -Task Build). Not part of the test task: CI machines have only the .NET SDK.

.EXAMPLE
    dotnet pwsh -File tests/Prism/Test-EmulatorWithPrism.ps1

.EXAMPLE
    dotnet pwsh -File tests/Prism/Test-EmulatorWithPrism.ps1 -Spec ~/Downloads/aura-api-v1.yaml
#>
[CmdletBinding()]
param(
    [string] $Spec = (Join-Path $PSScriptRoot '../AuraApi/aura-api-v1.yaml'),
    [string] $PrismVersion = '5.14.2',
    [string] $PrismDirectory = (Join-Path $PSScriptRoot '../../out/prism')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../Pester/Aura.TestHarness.psm1') -Force

foreach ($tool in 'node', 'npm') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
        throw "This check needs Node.js and npm on the PATH ($tool was not found)."
    }
}
$Spec = (Resolve-Path $Spec).Path
$prism = Join-Path $PrismDirectory "node_modules/.bin/$(if ($IsWindows) { 'prism.cmd' } else { 'prism' })"
if (-not (Test-Path $prism)) {
    Write-Host "Installing @stoplight/prism-cli@$PrismVersion into $PrismDirectory"
    $null = New-Item -ItemType Directory -Force $PrismDirectory
    npm install --prefix $PrismDirectory --no-audit --no-fund "@stoplight/prism-cli@$PrismVersion" | Out-Host
    if ($LASTEXITCODE) { throw "npm could not install @stoplight/prism-cli@$PrismVersion." }
}

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Findings on which Neo4j's description contradicts itself or Aura's documented behaviour: reported, not failed.
# The AuraDB Free instances of the run (the seed's, then the ones created): Aura sends them without storage.
$freeIds = [System.Collections.Generic.HashSet[string]]::new([string[]]@('e5f6a7b8'))
$knownQuirks = @(
    @{
        Applies = { param($f) $f.Message -like "*required property 'storage'*" -and ($f.Request -split '[/?]' | Where-Object { $freeIds.Contains($_) }) }
        Why     = 'Aura does not return storage for AuraDB Free instances ("This field is NOT returned for Aura DB Free instances"), yet the Instance schema requires it.'
    }
    @{
        Applies = { param($f) $f.Message -like '*exactly one schema in oneOf*' }   # only error answers use oneOf
        Why     = 'MiddlewareError requires no property, so every {"errors": [...]} body also matches it and oneOf [Error, MiddlewareError] can never hold for one.'
    }
)
function Start-Prism {
    # prism proxy <spec> <upstream> on a free loopback port; returns Process, LogPath and Uri once it listens.
    param([string] $SpecFile, [string] $Upstream)
    $port = Get-FreePort
    $log = [System.IO.Path]::GetTempFileName()
    $process = Start-Process -FilePath $prism -PassThru -NoNewWindow -RedirectStandardOutput $log -RedirectStandardError "$log.err" `
        -ArgumentList 'proxy', "`"$SpecFile`"", $Upstream, '--host', '127.0.0.1', '--port', $port
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not ((Get-Content $log -Raw -ErrorAction SilentlyContinue) -match 'Prism is listening')) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            if (-not $process.HasExited) { $process.Kill($true) }
            throw "Prism did not start: $(Get-Content $log, "$log.err" -Raw -ErrorAction SilentlyContinue)"
        }
        Start-Sleep -Milliseconds 200
    }
    [pscustomobject]@{ Process = $process; LogPath = $log; Uri = "http://127.0.0.1:$port" }
}

$emulator = Start-AuraTestEmulator -TransitionSeconds 1 -SnapshotSeconds 1 -ArgumentList '--creation-seconds', '1', '--rate-limit', '0'
$findings = [System.Collections.Generic.List[object]]::new()
$calls = 0
$proxies = [System.Collections.Generic.List[object]]::new()
$prefixed = $null
try {
    # Part 1: the emulator's answers, every operation driven through Prism by plain HTTP requests.
    $proxies.Add((Start-Prism $Spec "$($emulator.BaseUri)/v1"))
    $proxy = $proxies[0].Uri
    $pair = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($emulator.ClientId):$($emulator.ClientSecret)"))
    $token = (Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/oauth/token" -Headers @{ Authorization = "Basic $pair" } `
            -ContentType 'application/x-www-form-urlencoded' -Body 'grant_type=client_credentials').access_token

    function Invoke-Checked {
        # One request through Prism. Records what Prism found wrong with it, and a status other than -Expect (any
        # 2xx when not given). Returns the answer's "data" (null when it has none).
        param([string] $Method, [string] $Path, [string] $Operation, $Body, [switch] $NoBody, [int] $Expect)
        $script:calls++
        $parameters = @{
            Method = $Method; Uri = "$proxy$Path"; SkipHttpErrorCheck = $true
            Headers = @{ Authorization = "Bearer $token" }; ContentType = 'application/json'
        }
        if ($null -ne $Body) { $parameters.Body = ($Body | ConvertTo-Json -Depth 5 -Compress) }
        elseif ($Method -ne 'GET' -and $Method -ne 'DELETE' -and -not $NoBody) { $parameters.Body = '{}' }
        $response = Invoke-WebRequest @parameters
        $status = [int]$response.StatusCode
        $record = { param($message) $script:findings.Add([pscustomobject]@{ Request = "$Method $Path"; Operation = $Operation; Status = $status; Message = $message }) }
        $violations = $response.Headers['sl-violations']
        if ($violations) { foreach ($v in ($violations -join '' | ConvertFrom-Json)) { & $record $v.message } }
        if ($Expect -and $status -ne $Expect) { & $record "expected $Expect" }
        elseif (-not $Expect -and ($status -lt 200 -or $status -gt 299)) { & $record "expected success: $($response.Content)" }
        $parsed = if ($response.Content) { try { $response.Content | ConvertFrom-Json } catch { $null } }
        if ($parsed -is [pscustomobject] -and $parsed.PSObject.Properties['data']) { $parsed.data }
    }
    function Get-Field($Object, [string] $Name) {
        # A field of an answer's data, or null when the answer has none (a wrong answer is already a finding).
        if ($null -ne $Object -and $Object.PSObject.Properties[$Name]) { $Object.$Name }
    }
    function Set-Emulator([string] $What, $Body) {
        $null = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/_emulator/$What" -ContentType 'application/json' `
            -Body ($Body | ConvertTo-Json -Compress)
    }

    $production = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    $development = '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b'
    $missing = 'ffffffff'

    # Reads
    $ids = Invoke-Checked GET '/instances' 'GET /instances' | ForEach-Object { Get-Field $_ 'id' }
    foreach ($id in $ids) {
        $null = Invoke-Checked GET "/instances/$id" 'GET /instances/{id}'
        foreach ($day in 0..2) {
            $date = [DateTime]::UtcNow.AddDays(-$day).ToString('yyyy-MM-dd')
            $null = Invoke-Checked GET "/instances/$id/snapshots?date=$date" 'GET /instances/{id}/snapshots'
        }
    }
    $null = Invoke-Checked GET '/instances/a1b2c3d4/snapshots/a1b2c3d4-0000-4000-8000-000000000001' 'GET /instances/{id}/snapshots/{sid}'
    $null = Invoke-Checked GET '/tenants' 'GET /tenants'
    foreach ($tenant in $production, $development) {
        $null = Invoke-Checked GET "/tenants/$tenant" 'GET /tenants/{id}'
        $null = Invoke-Checked GET "/tenants/$tenant/metrics-integration" 'GET /tenants/{id}/metrics-integration'
    }
    $null = Invoke-Checked GET '/customer-managed-keys' 'GET /customer-managed-keys'
    $null = Invoke-Checked GET "/customer-managed-keys?tenantId=$production" 'GET /customer-managed-keys'
    $null = Invoke-Checked GET '/customer-managed-keys/6f1e2d3c-4b5a-4978-8e6f-5a4b3c2d1e0f' 'GET /customer-managed-keys/{id}'
    $null = Invoke-Checked POST '/instances/sizing' 'POST /instances/sizing' @{ node_count = 1000000; relationship_count = 5000000; instance_type = 'enterprise-ds'; algorithm_categories = @('node-embedding') }
    $null = Invoke-Checked POST '/graph-analytics/sessions/sizing' 'POST /graph-analytics/sessions/sizing' @{ node_count = 1000000; relationship_count = 5000000; algorithm_categories = @('centrality') }

    # Creates
    $pro = Get-Field (Invoke-Checked POST '/instances' 'POST /instances' @{ name = 'prism-pro'; version = '5'; region = 'europe-west1'; memory = '2GB'; storage = '4GB'; type = 'professional-db'; tenant_id = $development; cloud_provider = 'gcp' }) 'id'
    $free = Get-Field (Invoke-Checked POST '/instances' 'POST /instances' @{ name = 'prism-free'; version = '5'; region = 'europe-west1'; memory = '1GB'; type = 'free-db'; tenant_id = $development; cloud_provider = 'gcp' }) 'id'
    $clone = Get-Field (Invoke-Checked POST '/instances' 'POST /instances' @{ name = 'prism-clone'; version = '5'; region = 'europe-west1'; memory = '8GB'; storage = '16GB'; type = 'enterprise-db'; tenant_id = $production; cloud_provider = 'gcp'; source_instance_id = 'a1b2c3d4'; source_snapshot_id = 'a1b2c3d4-0000-4000-8000-000000000001' }) 'id'
    $key = Get-Field (Invoke-Checked POST '/customer-managed-keys' 'POST /customer-managed-keys' @{ key_id = 'arn:aws:kms:us-east-1:123456789012:key/prism'; name = 'prism-key'; cloud_provider = 'aws'; instance_type = 'enterprise-db'; region = 'us-east-1'; tenant_id = $production }) 'id'
    $null = Invoke-Checked POST '/graph-analytics/sessions' 'POST /graph-analytics/sessions' @{ name = 'prism-standalone'; memory = '8GB'; tenant_id = $production; cloud_provider = 'gcp'; region = 'europe-west1'; ttl = '2h' }
    $null = Invoke-Checked POST '/graph-analytics/sessions' 'POST /graph-analytics/sessions' @{ name = 'prism-attached'; memory = '8GB'; instance_id = 'a1b2c3d4' }
    $snapshot = Get-Field (Invoke-Checked POST '/instances/b2c3d4e5/snapshots' 'POST /instances/{id}/snapshots' -NoBody) 'snapshot_id'
    $null = Invoke-Checked GET "/instances/b2c3d4e5/snapshots/$snapshot" 'GET /instances/{id}/snapshots/{sid}'
    Start-Sleep -Seconds 3
    foreach ($id in $pro, $free, $clone) { $null = Invoke-Checked GET "/instances/$id" 'GET /instances/{id}' }
    $null = Invoke-Checked GET "/customer-managed-keys/$key" 'GET /customer-managed-keys/{id}'
    foreach ($query in '', "?tenantId=$production", '?instanceId=a1b2c3d4') {
        foreach ($session in (Invoke-Checked GET "/graph-analytics/sessions$query" 'GET /graph-analytics/sessions')) {
            $null = Invoke-Checked GET "/graph-analytics/sessions/$(Get-Field $session 'id')" 'GET /graph-analytics/sessions/{id}'
        }
    }

    # Changes
    $null = Invoke-Checked PATCH "/instances/$pro" 'PATCH /instances/{id}' @{ name = 'prism-pro-2' }
    $null = Invoke-Checked PATCH "/instances/$pro" 'PATCH /instances/{id}' @{ memory = '4GB'; storage = '8GB' }
    $null = Invoke-Checked PATCH "/instances/$pro" 'PATCH /instances/{id}' @{ name = 'busy' } -Expect 409                # while updating
    $null = Invoke-Checked POST '/instances/d4e5f6a7/upgrade' 'POST /instances/{id}/upgrade'
    $null = Invoke-Checked POST '/instances/c3d4e5f6/pause' 'POST /instances/{id}/pause' -NoBody
    $null = Invoke-Checked POST '/instances/c3d4e5f6/pause' 'POST /instances/{id}/pause' -Expect 409               # while pausing
    $null = Invoke-Checked POST '/instances/e5f6a7b8/resume' 'POST /instances/{id}/resume'
    $null = Invoke-Checked POST '/instances/b2c3d4e5/overwrite' 'POST /instances/{id}/overwrite' @{ source_instance_id = 'a1b2c3d4' }
    $null = Invoke-Checked POST '/instances/a1b2c3d4/snapshots/a1b2c3d4-0000-4000-8000-000000000001/restore' 'POST /instances/{id}/snapshots/{sid}/restore'
    Start-Sleep -Seconds 3

    # Refusals
    $null = Invoke-Checked GET "/instances/$missing" 'GET /instances/{id}' -Expect 404
    $null = Invoke-Checked GET '/tenants/not-a-tenant' 'GET /tenants/{id}' -Expect 404
    $null = Invoke-Checked GET '/instances/a1b2c3d4/snapshots/no-such-snapshot' 'GET /instances/{id}/snapshots/{sid}' -Expect 404
    $null = Invoke-Checked GET '/customer-managed-keys/no-such-key' 'GET /customer-managed-keys/{id}' -Expect 404
    $null = Invoke-Checked GET '/graph-analytics/sessions/no-such-session' 'GET /graph-analytics/sessions/{id}' -Expect 404
    $null = Invoke-Checked POST "/instances/$missing/pause" 'POST /instances/{id}/pause' -Expect 404
    $null = Invoke-Checked POST '/instances/e5f6a7b8/snapshots' 'POST /instances/{id}/snapshots' -Expect 402       # AuraDB Free
    $null = Invoke-Checked POST '/instances/e5f6a7b8/overwrite' 'POST /instances/{id}/overwrite' @{ source_instance_id = 'a1b2c3d4' } -Expect 420   # AuraDB Free
    $null = Invoke-Checked POST '/instances' 'POST /instances' @{ name = 'x'; version = '5'; region = 'nowhere'; memory = '2GB'; type = 'professional-db'; tenant_id = $development; cloud_provider = 'gcp' } -Expect 400
    Set-Emulator settings @{ instance_limit = 1 }
    $null = Invoke-Checked POST '/instances' 'POST /instances' @{ name = 'over-limit'; version = '5'; region = 'europe-west1'; memory = '2GB'; storage = '4GB'; type = 'professional-db'; tenant_id = $development; cloud_provider = 'gcp' } -Expect 405
    Set-Emulator settings @{ instance_limit = 0 }
    foreach ($fault in @(
            @{ status = 429; retry_after_seconds = 1 }, @{ status = 503 }, @{ status = 500 }, @{ status = 502; shape = 'error' })) {
        Set-Emulator faults ($fault + @{ method = 'GET'; path = '/v1/tenants'; count = 1; kind = 'status' })
        $null = Invoke-Checked GET '/tenants' 'GET /tenants' -Expect $fault.status
    }

    # Deletes
    foreach ($session in (Invoke-Checked GET '/graph-analytics/sessions' 'GET /graph-analytics/sessions')) {
        $null = Invoke-Checked DELETE "/graph-analytics/sessions/$(Get-Field $session 'id')" 'DELETE /graph-analytics/sessions/{id}'
    }
    $null = Invoke-Checked DELETE "/customer-managed-keys/$key" 'DELETE /customer-managed-keys/{id}'
    foreach ($id in $pro, $free, $clone) { $null = Invoke-Checked DELETE "/instances/$id" 'DELETE /instances/{id}' }
    if ($free) { $null = $freeIds.Add($free) }

    # Part 2: the module's requests. The module puts /v1 in its paths itself, so Prism gets a copy of the description
    # whose paths carry it, and forwards to the emulator's root (the token endpoint is outside the description).
    $null = Invoke-RestMethod -Method Post -Uri "$($emulator.BaseUri)/_emulator/reset"
    $text = Get-Content $Spec -Raw
    $pathsAt = $text.IndexOf("`npaths:`n"); $componentsAt = $text.IndexOf("`ncomponents:")
    if ($pathsAt -lt 0 -or $componentsAt -lt $pathsAt) { throw "$Spec has no top-level paths: and components: sections." }
    $prefixed = Join-Path ([System.IO.Path]::GetTempPath()) "aura-api-v1-prefixed-$PID.yaml"
    $text.Substring(0, $pathsAt) + ($text.Substring($pathsAt, $componentsAt - $pathsAt) -replace "(?m)^  (['`"]?)/", '  $1/v1/') +
        $text.Substring($componentsAt) | Set-Content $prefixed -NoNewline
    $proxies.Add((Start-Prism $prefixed $emulator.BaseUri))
    $moduleLog = $proxies[1].LogPath
    Import-Module (Get-AuraTestModulePath) -Force
    $steps = . (Join-Path $PSScriptRoot 'ModuleSteps.ps1')   # dot-sourced: the steps see its variables
    Connect-Aura -BaseUri $proxies[1].Uri -ClientId $emulator.ClientId `
        -ClientSecret (ConvertTo-SecureString $emulator.ClientSecret -AsPlainText -Force) | Out-Null
    $state = @{}
    foreach ($step in $steps.GetEnumerator()) {
        try { $null = & $step.Value $state }
        catch { $findings.Add([pscustomobject]@{ Request = "module step '$($step.Key)'"; Operation = 'the module'; Status = 0; Message = "failed: $($_.Exception.Message)" }) }
    }
    Disconnect-Aura
    if ($state.Free) { $null = $freeIds.Add($state.Free.Id) }
    # Prism logs each request, then what it found wrong with it; the module's detail reads run side by side, so a
    # finding is put against the request logged last before it.
    $last = $null
    foreach ($line in Get-Content $moduleLog) {
        if ($line -match '\[HTTP SERVER\] (\w+) (\S+) ') { $last = "$($Matches[1].ToUpperInvariant()) $($Matches[2])"; $script:calls++ }
        elseif ($line -match 'Violation: (request|response)\S* (.+)$' -and $last -notlike 'POST /oauth/token*') {
            $findings.Add([pscustomobject]@{ Request = $last; Operation = "module $($Matches[1])"; Status = 0; Message = $Matches[2].Trim() })
        }
    }
}
finally {
    foreach ($p in $proxies) {
        if (-not $p.Process.HasExited) { $p.Process.Kill($true); $p.Process.WaitForExit(5000) | Out-Null }
        Remove-Item $p.LogPath, "$($p.LogPath).err" -ErrorAction SilentlyContinue
    }
    if ($prefixed) { Remove-Item $prefixed -ErrorAction SilentlyContinue }
    $emulator | Stop-AuraTestEmulator
}

$rows = foreach ($finding in $findings) {
    $quirk = $knownQuirks | Where-Object { & $_.Applies $finding } | Select-Object -First 1
    $why = if ($quirk) { $quirk.Why }
    [pscustomobject]@{ Request = $finding.Request; Operation = $finding.Operation; Status = $finding.Status; Message = $finding.Message; Explained = [bool]$why; Why = $why }
}
$unexplained = @($rows | Where-Object { -not $_.Explained })
Write-Host "Prism $PrismVersion checked $calls requests against $Spec."
foreach ($group in $rows | Where-Object Explained | Group-Object Why) {
    Write-Host "Known quirk of the description ($($group.Count)): $($group.Name)"
    foreach ($row in $group.Group) { Write-Host "    $($row.Operation) $($row.Status) ($($row.Request)): $($row.Message)" }
}
if ($unexplained) {
    Write-Host "$($unexplained.Count) finding(s) with no known reason:" -ForegroundColor Red
    foreach ($row in $unexplained) { Write-Host "    $($row.Operation) $($row.Status) ($($row.Request)): $($row.Message)" -ForegroundColor Red }
    exit 1
}
Write-Host 'No unexplained findings.' -ForegroundColor Green
