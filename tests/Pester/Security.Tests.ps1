# Security: plain http only to loopback (nothing sent otherwise), and no secret (client secret, bearer token,
# one-time password) in any stream, $Error, transcript, ToString(), Format-List, or an Export-Clixml file.
# (Progress records and the exact token value are checked in xunit: tests/Neo4jAura.Tests/Reliability/SecretStreamTests.cs.)
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/Reliability.Helpers.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestEmulator -ArgumentList '--rate-limit', '0'
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    $script:tenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    # The emulator's tokens are 32 random bytes in base64url: 43 characters of [A-Za-z0-9_-].
    $script:tokenPattern = '(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])'
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ('aura-security-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Force $work

    # Every form a secret could take in text: as is, UTF-16 hex (how CliXml stores a SecureString off Windows), base64.
    function Get-SecretForms([string] $Value) {
        $Value
        -join ([Text.Encoding]::Unicode.GetBytes($Value) | ForEach-Object { $_.ToString('x2') })
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Value))
    }

    function Find-Secret([string] $Text, [string[]] $Secrets) {
        foreach ($s in $Secrets) { foreach ($form in Get-SecretForms $s) { if ($Text.Contains($form)) { "'$($s.Substring(0, 3))...' found" } } }
        if ($Text -match $tokenPattern) { "token-like string '$($Matches[0].Substring(0, 6))...' found" }
        if ($Text -match 'Bearer\s+[A-Za-z0-9_-]{8,}') { 'Bearer header found' }
    }

    function ConvertTo-ScanText([object[]] $Records) {
        $parts = foreach ($r in $Records) {
            if ($null -eq $r) { continue }
            if ($r -is [System.Management.Automation.ErrorRecord]) {
                "$r"; $r.Exception.ToString(); "$($r.ErrorDetails)"; "$($r.TargetObject)"; $r.ScriptStackTrace
                $r | Format-List * -Force | Out-String -Width 500
            }
            elseif ($r -is [System.Management.Automation.InformationalRecord]) { $r.Message }
            elseif ($r -is [System.Management.Automation.InformationRecord]) { "$($r.MessageData)" }
            else {
                "$r"; $r.ToString()
                $r | Format-List * -Force | Out-String -Width 500
                $r | Format-Table -AutoSize | Out-String -Width 500
                $r | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue
            }
        }
        $parts -join "`n"
    }
}

AfterAll {
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    Disconnect-Aura -ErrorAction SilentlyContinue
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Plain http is refused except to loopback' {
    It 'refuses http://<Target> with a terminating error and sends nothing (a proxy would have seen it)' -ForEach @(
        @{ Target = 'example.com, api.neo4j.io, 10.0.0.5 and AURA_BASE_URI=http://example.com' }
    ) {
        # In a child pwsh whose HTTP proxy is the emulator: any request to an http:// host would reach its log. A
        # control request at the end proves the proxy sees such requests.
        Clear-AuraEmulatorRequestLog $emu
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:AURA_TEST_MODULE
$secret = ConvertTo-SecureString 'not-the-real-secret' -AsPlainText -Force
$results = foreach ($uri in 'http://example.com', 'http://api.neo4j.io', 'http://10.0.0.5:8080', 'env') {
    try {
        if ($uri -eq 'env') { $env:AURA_BASE_URI = 'http://example.com'; Connect-Aura -ClientId id -ClientSecret $secret }
        else { Connect-Aura -ClientId id -ClientSecret $secret -BaseUri $uri }
        "$uri connected"
    } catch { "$uri $(($_.FullyQualifiedErrorId -split ',')[0]) $($_.Exception.Message)" }
}
try { $null = Invoke-WebRequest -Method Post -Uri 'http://example.com/oauth/token' -Body 'grant_type=client_credentials' } catch { }
$results
'@
        $env:AURA_TEST_MODULE = Get-AuraTestModulePath
        $savedProxy = $env:HTTP_PROXY
        try {
            $env:HTTP_PROXY = $emu.BaseUri
            $pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
            [string[]] $pwshArgs = if ((Split-Path $pwsh -Leaf) -like 'dotnet*') { @([System.Reflection.Assembly]::GetEntryAssembly().Location) } else { @() }
            $lines = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command $script
        }
        finally { $env:HTTP_PROXY = $savedProxy; Remove-Item Env:AURA_TEST_MODULE }
        $log = Read-AuraRequestLog $emu

        @($lines).Count | Should -Be 4
        foreach ($line in $lines) {
            $line | Should -Match ' AuraInvalidBaseUri '
            $line | Should -Match 'loopback'
        }
        # Only the control request went through the proxy: the module sent nothing.
        $log.Count | Should -Be 1
        $log[0].path | Should -Be '/oauth/token'
    }

    It 'refuses a base URI carrying a user name and password, sending nothing' {
        Clear-AuraEmulatorRequestLog $emu
        $uri = $emu.BaseUri -replace '^http://', 'http://user:pass@'
        { Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $uri } | Should -Throw -ErrorId 'AuraInvalidBaseUri*'
        Read-AuraRequestLog $emu | Should -BeNullOrEmpty
    }
}

Describe 'Secrets never leak' {
    BeforeAll {
        $transcript = Join-Path $work 'transcript.txt'
        $null = Start-Transcript -Path $transcript -Force
        $savedPreferences = $DebugPreference, $VerbosePreference, $InformationPreference, $WarningPreference
        $DebugPreference = 'Continue'; $VerbosePreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'
        $Error.Clear()
        $script:captured = [System.Collections.Generic.List[object]]::new()
        $script:outputs = [System.Collections.Generic.List[object]]::new()
        function Add-Captured($records) {
            foreach ($r in @($records)) {
                $captured.Add($r)
                if ($r -isnot [System.Management.Automation.ErrorRecord] -and $r -isnot [System.Management.Automation.InformationalRecord] -and
                    $r -isnot [System.Management.Automation.InformationRecord]) { $outputs.Add($r) }
            }
        }
        Add-Captured (Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -PassThru -Verbose -Debug *>&1)
        Add-Captured (New-AuraInstance -Name 'secret-scan' -TenantId $tenant -Region europe-west1 -CloudProvider gcp -Type enterprise-db -Memory 8GB -Wait -TimeoutSec 60 -Verbose -Debug *>&1)
        Add-Captured (Get-AuraSnapshot -InstanceId a1b2c3d4 -Latest -Exportable | Restore-AuraSnapshot -Name 'secret-restore' -Wait -TimeoutSec 60 -Verbose -Debug *>&1)
        Add-Captured (Invoke-AuraApi -Method GET -Path /instances -Verbose -Debug *>&1)
        Add-Captured (Get-AuraConnection *>&1)
        # A refused token and a failing call, so that error paths are scanned too.
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/tokens/revoke'
        Add-Captured (Get-AuraInstance -InstanceId ffffffff -Verbose -Debug *>&1)
        $wrong = ConvertTo-SecureString 'wrong-secret-value-123' -AsPlainText -Force
        try { Add-Captured (Connect-Aura -ClientId $emu.ClientId -ClientSecret $wrong -BaseUri $emu.BaseUri -Verbose -Debug *>&1) } catch { Add-Captured $_ }
        $DebugPreference, $VerbosePreference, $InformationPreference, $WarningPreference = $savedPreferences
        $null = Stop-Transcript

        $script:instances = @($outputs | Where-Object { $_.PSObject.TypeNames[0] -eq 'Neo4jAura.AuraInstance' })
        $script:passwords = @($instances | Where-Object Credential | ForEach-Object { $_.Credential.GetNetworkCredential().Password })
        $script:secrets = @($emu.ClientSecret, 'wrong-secret-value-123') + $passwords
        $script:transcriptText = Get-Content $transcript -Raw
    }

    It 'has something to scan: two new instances with one-time passwords, verbose request lines' {
        $passwords.Count | Should -Be 2
        foreach ($p in $passwords) { $p.Length | Should -BeGreaterThan 7 }
        (ConvertTo-ScanText $captured.ToArray()) | Should -Match 'GET /instances'
        $transcriptText | Should -Match 'GET /instances'
    }

    It 'keeps secrets and tokens out of every stream, $Error, ToString(), Format-List and JSON of the outputs' {
        $text = (ConvertTo-ScanText $captured.ToArray()) + "`n" + (ConvertTo-ScanText @($Error))
        $text += "`n" + (Get-AuraConnection | Format-List * -Force | Out-String -Width 500)
        Find-Secret $text $secrets | Should -BeNullOrEmpty
    }

    It 'keeps secrets and tokens out of the transcript' {
        Find-Secret $transcriptText $secrets | Should -BeNullOrEmpty
    }

    It 'never shows the one-time password in an instance''s properties or views (only inside the PSCredential)' {
        foreach ($i in $instances) {
            $i.Credential | Should -BeOfType [pscredential]
            $i.Credential.Password | Should -BeOfType [securestring]
            foreach ($p in $i.PSObject.Properties) {
                if ($p.Name -eq 'Credential') { continue }
                "$($p.Value)" | Should -Not -BeIn $passwords
            }
        }
    }

    It 'has no property on the connection that could hold the secret or the token' {
        $names = @((Get-AuraConnection).PSObject.Properties.Name)
        $names | Where-Object { $_ -match 'secret|token|password|credential' -and $_ -ne 'TokenExpiresOn' } | Should -BeNullOrEmpty
    }

    It 'keeps the client secret and tokens out of Export-Clixml files of the outputs' {
        $file = Join-Path $work 'outputs.clixml'
        $outputs | Where-Object { $_.PSObject.TypeNames[0] -ne 'Neo4jAura.AuraInstance' -or -not $_.Credential } | Export-Clixml -Path $file -Depth 3
        Find-Secret (Get-Content $file -Raw) $secrets | Should -BeNullOrEmpty
    }

    It 'keeps the one-time password out of an Export-Clixml file of the new instances' {
        # Off Windows, CliXml stores a SecureString as UTF-16 hex, unencrypted: the password must not be serialised.
        $file = Join-Path $work 'instances.clixml'
        $instances | Export-Clixml -Path $file -Depth 3
        Find-Secret (Get-Content $file -Raw) $passwords | Should -BeNullOrEmpty
    }

    It 'does not hand out a one-time password as plain text through Invoke-AuraApi' {
        $created = Invoke-AuraApi -Method POST -Path /instances -Body @{
            name = 'raw-create'; tenant_id = $tenant; region = 'europe-west1'; cloud_provider = 'gcp'; type = 'enterprise-db'; memory = '8GB'; version = '5'
        } -Confirm:$false
        $created | Should -Not -BeNullOrEmpty
        $plain = @($created.PSObject.Properties | Where-Object { $_.Name -match 'password' -and $_.Value -is [string] -and $_.Value })
        $plain.Name | Should -BeNullOrEmpty -Because 'the contract keeps one-time passwords out of output (a SecureString or PSCredential would do)'
    }
}
