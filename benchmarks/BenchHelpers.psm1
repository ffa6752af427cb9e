# Helpers of benchmarks/Invoke-Benchmarks.ps1: the emulator process, fresh pwsh processes, the request log,
# statistics, the rate floor and markdown tables. Nothing here measures anything by itself.
Set-StrictMode -Version Latest

# The emulator process (start, wait for its banner, stop) is the test harness's: one way to run it.
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/Aura.TestHarness.psm1')

$script:Invariant = [cultureinfo]::InvariantCulture

function Get-BenchRepoRoot { (Resolve-Path (Join-Path $PSScriptRoot '..')).Path }

function Get-BenchPwsh {
    <# How to start a fresh pwsh like the current one: the pwsh executable, or the dotnet host plus pwsh.dll (dotnet tool). #>
    $exe = [Environment]::ProcessPath
    $leaf = [IO.Path]::GetFileNameWithoutExtension($exe)
    if ($leaf -eq 'dotnet') {
        [pscustomobject]@{ FilePath = $exe; Prefix = @((Join-Path $PSHOME 'pwsh.dll')); Display = 'dotnet pwsh' }
    }
    else {
        [pscustomobject]@{ FilePath = $exe; Prefix = @(); Display = 'pwsh' }
    }
}

function Invoke-BenchPwsh {
    <# Runs a script file in a fresh pwsh (-NoProfile -NonInteractive); throws when it fails. #>
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @())
    $p = Get-BenchPwsh
    & $p.FilePath @($p.Prefix) -NoProfile -NonInteractive -File $File @ArgumentList
    if ($LASTEXITCODE) { throw "$([IO.Path]::GetFileName($File)) failed in a fresh pwsh (exit code $LASTEXITCODE)." }
}

function Get-BenchEmulatorPath {
    <# The emulator to run: -EmulatorPath when given, else the built one (as the tests find it). #>
    param([string] $Path)
    if ($Path) { return (Resolve-Path $Path).Path }
    Get-AuraTestEmulatorPath
}

function Start-BenchEmulator {
    <#
    .SYNOPSIS
    Starts the emulator on a free loopback port with the given options (through the test harness's
    Start-AuraEmulatorProcess); returns BaseUri, ClientId, ClientSecret, Process, LogPath and Arguments.
    #>
    param(
        [Parameter(Mandatory)] [string] $EmulatorPath,
        [string[]] $ArgumentList = @(),
        [int] $StartTimeoutSec = 60
    )
    $emulator = Start-AuraEmulatorProcess -FilePath $EmulatorPath -ArgumentList $ArgumentList `
        -ClientId ('bench-' + [guid]::NewGuid().ToString('N').Substring(0, 12)) -ClientSecret ('bench-secret-' + [guid]::NewGuid().ToString('N'))
    $null = Wait-AuraEmulatorReady $emulator -TimeoutSec $StartTimeoutSec
    $emulator | Add-Member -NotePropertyName Arguments -NotePropertyValue ($ArgumentList -join ' ') -PassThru
}

function Stop-BenchEmulator {
    param([Parameter(Mandatory)] [AllowNull()] $Emulator)
    if ($Emulator) { Stop-AuraTestEmulator $Emulator }
}

function Invoke-BenchControl {
    <# The emulator's control endpoint (/_emulator/...). #>
    param(
        [Parameter(Mandatory, Position = 0)] $Emulator,
        [string] $Method = 'Get',
        [Parameter(Mandatory)] [string] $Path,
        $Body
    )
    $params = @{ Method = $Method; Uri = $Emulator.BaseUri + $Path }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $params.Body = ConvertTo-Json -InputObject $Body -Depth 10 -Compress
        $params.ContentType = 'application/json'
    }
    Invoke-RestMethod @params
}

function Get-BenchRequestLog {
    <# The emulator's request log with times as DateTimeOffset, oldest first. #>
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    # Read the raw JSON: ConvertFrom-Json would turn the times into local DateTime values.
    $raw = Invoke-WebRequest -Uri ($Emulator.BaseUri + '/_emulator/requests') -UseBasicParsing
    $entries = [System.Text.Json.JsonDocument]::Parse($raw.Content)
    try {
        foreach ($e in $entries.RootElement.EnumerateArray()) {
            [pscustomobject]@{
                time   = [DateTimeOffset]::Parse($e.GetProperty('time').GetString(), $script:Invariant)
                method = $e.GetProperty('method').GetString()
                path   = $e.GetProperty('path').GetString()
                status = $e.GetProperty('status').GetInt32()
            }
        }
    }
    finally { $entries.Dispose() }
}

function Reset-BenchEmulator {
    <# Back to the seed: clears the request log and the rate counters (the sliding window) too. #>
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    $null = Invoke-BenchControl $Emulator -Method Post -Path '/_emulator/reset'
    $left = @(Get-BenchRequestLog $Emulator)
    if ($left.Count) { throw "The emulator's request log still holds $($left.Count) entries after a reset." }
}

function Use-BenchCredential {
    <# Puts the emulator's credentials in AURA_* for the child processes (Connect-Aura reads them); -Clear removes them. #>
    param($Emulator, [switch] $Clear)
    if ($Clear) {
        Remove-Item Env:AURA_CLIENT_ID, Env:AURA_CLIENT_SECRET, Env:AURA_BASE_URI -ErrorAction SilentlyContinue
        return
    }
    $env:AURA_CLIENT_ID = $Emulator.ClientId
    $env:AURA_CLIENT_SECRET = $Emulator.ClientSecret
    $env:AURA_BASE_URI = $Emulator.BaseUri
}

function New-BenchSeed {
    <#
    .SYNOPSIS
    Writes an emulator seed (API field names) with one tenant and $Count running instances bench-000.. with 8-hex ids.
    #>
    param([Parameter(Mandatory)] [string] $Path, [int] $Count = 200)
    $tenant = '0b3c5d7e-0000-4000-8000-00000000be0c'
    $regions = @(('gcp', 'europe-west1'), ('aws', 'us-east-1'), ('azure', 'westeurope'))
    $instances = for ($i = 0; $i -lt $Count; $i++) {
        $r = $regions[$i % $regions.Count]
        [ordered]@{
            id             = '{0:x8}' -f (0xbe000000 + $i)
            name           = 'bench-{0:D3}' -f $i
            status         = 'running'
            tenant_id      = $tenant
            cloud_provider = $r[0]
            region         = $r[1]
            type           = 'enterprise-db'
            memory         = '8GB'
            neo4j_version  = '5'
        }
    }
    $seed = [ordered]@{
        tenants   = @([ordered]@{ id = $tenant; name = 'Benchmark tenant' })
        instances = @($instances)
        snapshots = @()
    }
    $seed | ConvertTo-Json -Depth 6 | Set-Content -Path $Path -Encoding utf8
    @($instances | ForEach-Object { $_.id })
}

function Get-BenchMedian {
    param([double[]] $Values)
    if (-not $Values -or $Values.Count -eq 0) { return [double]::NaN }
    $s = [double[]]($Values | Sort-Object)
    $n = $s.Count
    if ($n % 2) { $s[($n - 1) / 2] } else { ($s[$n / 2 - 1] + $s[$n / 2]) / 2 }
}

function Get-BenchPercentile {
    param([double[]] $Values, [double] $P)
    if (-not $Values -or $Values.Count -eq 0) { return [double]::NaN }
    $s = [double[]]($Values | Sort-Object)
    $rank = [math]::Ceiling($P / 100 * $s.Count) - 1
    $s[[math]::Max(0, [math]::Min($s.Count - 1, $rank))]
}

function Get-BenchRateFloor {
    <#
    .SYNOPSIS
    The least time N waited operations can take: each needs one POST and, at least D seconds later, one GET, and no
    W-second window may hold more than R requests (greedy schedule: the k-th request goes no sooner than the
    (k-R)-th plus W). Returns seconds from the first request to the last.
    #>
    param([int] $N, [double] $D, [int] $R = 125, [double] $W = 60)
    $times = [System.Collections.Generic.List[double]]::new()
    $post = [double[]]::new($N)
    $next = {
        param([double] $ready)
        $k = $times.Count
        $t = $ready
        if ($k -gt 0) { $t = [math]::Max($t, $times[$k - 1]) }
        if ($k -ge $R) { $t = [math]::Max($t, $times[$k - $R] + $W) }
        $times.Add($t)
        $t
    }
    for ($i = 0; $i -lt $N; $i++) { $post[$i] = & $next 0 }
    $last = 0
    for ($i = 0; $i -lt $N; $i++) { $last = & $next ($post[$i] + $D) }
    $last
}

function Get-BenchListingFloorProbeN {
    <#
    .SYNOPSIS
    For a listing with details of N instances (1 + N requests: the list, then one GET each) at R requests in any
    W seconds: how many detail GETs the round-trip probe must send at once, see Get-BenchListingFloor.
    #>
    param([int] $N, [int] $R = 120)
    if (1 + $N -le $R) { $N } else { $N - $R }
}

function Get-BenchListingFloor {
    <#
    .SYNOPSIS
    The least time any client can take to list and then GET N instances' details (1 + N requests) when no W-second
    window may hold more than R requests. Request 0 is the list, requests 1..N need its answer. Up to R requests go
    at once: list, then N GETs together, ChainSec = c(N), a raw HttpClient's list + N concurrent GETs (measured).
    Beyond R, request k (k >= R) starts no sooner than request k - R + W: request R at W, requests R+1..N at the
    list's end + W, so the floor is W + c(N - R). Returns seconds.
    #>
    param([Parameter(Mandatory)] [int] $N, [Parameter(Mandatory)] [double] $ChainSec, [int] $R = 120, [double] $W = 60)
    if (1 + $N -le $R) { $ChainSec } else { $W + $ChainSec }
}

function Get-BenchMaxInWindow {
    <# The most requests the log holds in any $Seconds-long window (sliding over request start times). #>
    param([DateTimeOffset[]] $Times, [double] $Seconds = 60)
    if (-not $Times -or $Times.Count -eq 0) { return 0 }
    $t = @($Times | Sort-Object)   # an array even for one request (StrictMode: a lone value has no Count)
    $max = 0; $lo = 0
    for ($hi = 0; $hi -lt $t.Count; $hi++) {
        while (($t[$hi] - $t[$lo]).TotalSeconds -ge $Seconds) { $lo++ }
        $max = [math]::Max($max, $hi - $lo + 1)
    }
    $max
}

function Format-BenchNumber {
    param($Value, [int] $Digits = 2)
    if ($null -eq $Value) { return '' }
    if ($Value -is [string]) { return $Value }
    if ([double]::IsNaN([double]$Value)) { return 'n/a' }
    ([double]$Value).ToString("F$Digits", $script:Invariant)
}

function ConvertTo-BenchMarkdown {
    <# A markdown table from objects (columns in property order). #>
    param([Parameter(Mandatory)] [object[]] $Rows)
    $cols = @($Rows[0].PSObject.Properties.Name)
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('| ' + ($cols -join ' | ') + ' |')
    $lines.Add('|' + (($cols | ForEach-Object { '---' }) -join '|') + '|')
    foreach ($r in $Rows) {
        $cells = foreach ($c in $cols) { "$($r.$c)" -replace '\|', '\|' }
        $lines.Add('| ' + ($cells -join ' | ') + ' |')
    }
    $lines -join "`n"
}

function Get-BenchLoad {
    <# The 1/5/15-minute load averages (Linux), or an empty string. #>
    if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg -Raw) -split ' ')[0..2] -join ' ' } else { '' }
}

Export-ModuleMember -Function *-Bench*
