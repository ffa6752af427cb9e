# Test harness for the Pester suites: starts the local Aura API emulator on a free loopback port,
# talks to its control endpoint and finds the built module. It builds nothing: build.ps1 -Task Build does.
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-AuraTestRepoRoot { $script:RepoRoot }

function Get-AuraTestModulePath {
    <# The built module folder: $env:NEO4JAURA_MODULE_PATH, else out/Neo4jAura. #>
    if ($env:NEO4JAURA_MODULE_PATH) { return $env:NEO4JAURA_MODULE_PATH }
    Join-Path $script:RepoRoot 'out/Neo4jAura'
}

function Get-AuraTestEmulatorPath {
    if ($env:NEO4JAURA_EMULATOR_DLL) { return $env:NEO4JAURA_EMULATOR_DLL }
    foreach ($config in 'Release', 'Debug') {
        $dll = Join-Path $script:RepoRoot "src/Neo4jAura.Emulator/bin/$config/net10.0/Neo4jAura.Emulator.dll"
        if (Test-Path $dll) { return $dll }
    }
    throw "The emulator is not built. Run: dotnet pwsh -File build.ps1 -Task Build"
}

function Start-AuraEmulatorProcess {
    <#
    .SYNOPSIS
    Starts an emulator process without waiting for it: the built dll through dotnet (default), or the aura-emulator
    tool's executable. Its stdout and stderr go to a temporary log. Returns Process, LogPath, BaseUri (the URL
    given; Wait-AuraEmulatorReady puts the real one there when the port is 0), ClientId and ClientSecret.
    The benchmarks (benchmarks/BenchHelpers.psm1), the restart tests and the tool-package test use it too.
    #>
    param(
        [string] $FilePath = (Get-AuraTestEmulatorPath),
        [string] $Url = 'http://127.0.0.1:0',
        [Parameter(Mandatory)] [string] $ClientId,
        [Parameter(Mandatory)] [string] $ClientSecret,
        [string[]] $ArgumentList = @()
    )
    $log = [System.IO.Path]::GetTempFileName()
    $arguments = @('--urls', $Url, '--client-id', $ClientId, '--client-secret', $ClientSecret) + $ArgumentList
    $exe = $FilePath
    if ($FilePath -like '*.dll') {
        $exe = 'dotnet'
        $arguments = @("`"$FilePath`"") + $arguments
    }
    $process = Start-Process -FilePath $exe -ArgumentList $arguments -RedirectStandardOutput $log `
        -RedirectStandardError "$log.err" -PassThru -NoNewWindow
    [pscustomobject]@{
        PSTypeName   = 'Neo4jAura.TestEmulator'
        BaseUri      = $Url.TrimEnd('/')
        ClientId     = $ClientId
        ClientSecret = $ClientSecret
        Process      = $process
        LogPath      = $log
    }
}

function Wait-AuraEmulatorReady {
    <# Waits for the emulator's "Listening on" banner and takes its URL as BaseUri; throws (and stops it) when it exits or takes too long. #>
    param([Parameter(Mandatory)] $Emulator, [int] $TimeoutSec = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        if ($Emulator.Process.HasExited) {
            $err = Get-Content "$($Emulator.LogPath).err" -Raw -ErrorAction SilentlyContinue
            throw "The emulator exited with code $($Emulator.Process.ExitCode) before it was ready. $err"
        }
        $text = Get-Content $Emulator.LogPath -Raw -ErrorAction SilentlyContinue
        if ($text -and $text -match 'Listening on:\s+(http\S+)') {
            $Emulator.BaseUri = $Matches[1].TrimEnd('/')
            return $Emulator
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            $Emulator.Process.Kill()
            throw "The emulator did not say where it listens within $TimeoutSec s."
        }
        Start-Sleep -Milliseconds 50
    }
}

function Start-AuraTestEmulator {
    <#
    .SYNOPSIS
    Starts the emulator on a free loopback port and returns BaseUri, ClientId, ClientSecret and Process.
    The token-per-hour limit is lifted (test suites sign in often); transitions default to 1 second.
    #>
    [CmdletBinding()]
    param(
        [double] $TransitionSeconds = 1,
        [double] $SnapshotSeconds = 1,
        [string[]] $ArgumentList = @(),
        [switch] $KeepTokenLimit,
        [int] $StartTimeoutSec = 60
    )
    $arguments = @(
        '--transition-seconds', [string]::Format([cultureinfo]::InvariantCulture, '{0}', $TransitionSeconds),
        '--snapshot-seconds', [string]::Format([cultureinfo]::InvariantCulture, '{0}', $SnapshotSeconds)
    )
    if (-not $KeepTokenLimit) { $arguments += '--no-token-limit' }
    $arguments += $ArgumentList
    $emulator = Start-AuraEmulatorProcess -ClientId ('test-' + [guid]::NewGuid().ToString('N').Substring(0, 12)) `
        -ClientSecret ('secret-' + [guid]::NewGuid().ToString('N')) -ArgumentList $arguments
    Wait-AuraEmulatorReady $emulator -TimeoutSec $StartTimeoutSec
}

function Stop-AuraTestEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator)
    process {
        if ($Emulator -and $Emulator.Process -and -not $Emulator.Process.HasExited) {
            $Emulator.Process.Kill()
            $null = $Emulator.Process.WaitForExit(10000)
        }
        if ($Emulator.LogPath) { Remove-Item $Emulator.LogPath, "$($Emulator.LogPath).err" -ErrorAction SilentlyContinue }
    }
}

function Invoke-AuraEmulatorControl {
    <# Calls the emulator's control endpoint (/_emulator/...), or any path, with a JSON body. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] $Emulator,
        [ValidateSet('Get', 'Post', 'Delete', 'Put', 'Patch')] [string] $Method = 'Get',
        [Parameter(Mandatory)] [string] $Path,
        $Body
    )
    $params = @{ Method = $Method; Uri = $Emulator.BaseUri + $Path }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $params.Body = if ($Body -is [string]) { $Body } else { ConvertTo-Json -InputObject $Body -Depth 10 -Compress }
        $params.ContentType = 'application/json'
    }
    Invoke-RestMethod @params
}

function Get-AuraEmulatorRequestLog {
    <# The emulator's request log (time, method, path, status, client_id), oldest first. #>
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    # Invoke-RestMethod hands a JSON array back as one object: write its entries one by one.
    foreach ($entry in (Invoke-AuraEmulatorControl $Emulator -Method Get -Path '/_emulator/requests')) { $entry }
}

function Clear-AuraEmulatorRequestLog {
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    $null = Invoke-AuraEmulatorControl $Emulator -Method Delete -Path '/_emulator/requests'
}

function Get-AuraTestToken {
    <# A bearer token obtained the way a user without the module would (Invoke-RestMethod). #>
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($Emulator.ClientId):$($Emulator.ClientSecret)"))
    $answer = Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUri)/oauth/token" `
        -Headers @{ Authorization = "Basic $basic" } -Body 'grant_type=client_credentials' `
        -ContentType 'application/x-www-form-urlencoded'
    $answer.access_token
}

function Start-AuraTestSession {
    <#
    .SYNOPSIS
    What most suites start with: the emulator with its rate limit off (1 s transitions), the module's pace lifted for
    this loopback host, and the module connected to it (unless -NoConnect). Returns the emulator; Reset-Emulator,
    Get-ApiLog and Get-Changes then act on it. Stop-AuraTestSession undoes it all.
    #>
    param([double] $SnapshotSeconds = 1, [string[]] $ArgumentList = @(), [switch] $NoConnect)
    $emulator = Start-AuraTestEmulator -TransitionSeconds 1 -SnapshotSeconds $SnapshotSeconds -ArgumentList (@('--rate-limit', '0') + $ArgumentList)
    # The emulator runs with --rate-limit 0: lift the module's pace for this loopback host (it never applies to others).
    $env:NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE = 100000
    $script:Session = $emulator
    if (-not $NoConnect) {
        $null = Connect-Aura -ClientId $emulator.ClientId -ClientSecret (ConvertTo-SecureString $emulator.ClientSecret -AsPlainText -Force) -BaseUri $emulator.BaseUri
    }
    $emulator
}

function Stop-AuraTestSession {
    param($Emulator)
    Remove-Item Env:NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE -ErrorAction SilentlyContinue
    if ($Emulator) { Stop-AuraTestEmulator $Emulator }
    Disconnect-Aura -ErrorAction SilentlyContinue
}

# Helpers on the emulator of Start-AuraTestSession.
function Reset-Emulator { $null = Invoke-AuraEmulatorControl $script:Session -Method Post -Path '/_emulator/reset' }
function Get-ApiLog { @(Get-AuraEmulatorRequestLog $script:Session | ForEach-Object { $_ } | Where-Object { $_.path -like '/v1*' }) }
function Get-Changes { @(Get-ApiLog | Where-Object { $_.method -in 'POST', 'PATCH', 'DELETE' }) }
function ErrorIdOf($record) { $record.FullyQualifiedErrorId.Split(',')[0] }
function Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches }

Export-ModuleMember -Function Get-AuraTestRepoRoot, Get-AuraTestModulePath, Get-AuraTestEmulatorPath, Start-AuraTestEmulator,
    Start-AuraEmulatorProcess, Wait-AuraEmulatorReady,
    Stop-AuraTestEmulator, Invoke-AuraEmulatorControl, Get-AuraEmulatorRequestLog, Clear-AuraEmulatorRequestLog, Get-AuraTestToken,
    Start-AuraTestSession, Stop-AuraTestSession, Reset-Emulator, Get-ApiLog, Get-Changes, ErrorIdOf, Complete
