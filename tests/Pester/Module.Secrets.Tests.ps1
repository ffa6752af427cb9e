# Secrets scan: the client secret, bearer tokens and one-time passwords never reach any stream or $Error.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestEmulator -TransitionSeconds 1 -SnapshotSeconds 1 -ArgumentList '--rate-limit', '0'
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    $script:prodTenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    # The emulator's tokens are 32 random bytes in base64url: 43 characters of [A-Za-z0-9_-].
    $script:tokenPattern = '(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])'

    function ConvertTo-ScanText {
        param([object[]] $Records)
        $parts = foreach ($r in $Records) {
            if ($null -eq $r) { continue }
            if ($r -is [System.Management.Automation.ErrorRecord]) {
                "$r"; $r.Exception.ToString(); "$($r.ErrorDetails)"; "$($r.TargetObject)"; $r.ScriptStackTrace
            } elseif ($r -is [System.Management.Automation.InformationalRecord]) {
                $r.Message
            } elseif ($r -is [System.Management.Automation.InformationRecord]) {
                "$($r.MessageData)"
            } else {
                "$r"
                $r | Format-List * -Force | Out-String -Width 400
                $r | Select-Object * -ExcludeProperty Credential | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue
            }
        }
        $parts -join "`n"
    }
}

AfterAll {
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    Disconnect-Aura -ErrorAction SilentlyContinue
}

Describe 'Secrets never leak' {
    It 'keeps the client secret, tokens and one-time passwords out of every stream and $Error' {
        $Error.Clear()
        $captured = [System.Collections.Generic.List[object]]::new()
        $captured.AddRange(@(Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -PassThru -Verbose -Debug *>&1))

        $created = $null
        $records = New-AuraInstance -Name 'secret-scan' -TenantId $prodTenant -Region 'europe-west1' -CloudProvider gcp -Type enterprise-db -Memory 8GB -Wait -TimeoutSec 60 -Verbose -Debug *>&1
        foreach ($r in $records) { if ($r.PSObject.TypeNames[0] -eq 'Neo4jAura.AuraInstance') { $created = $r }; $captured.Add($r) }
        $created | Should -Not -BeNullOrEmpty
        $passwords = @($created.Credential.GetNetworkCredential().Password)

        $snapshot = Get-AuraSnapshot -InstanceId 'a1b2c3d4' -Latest -Exportable
        $records = $snapshot | Restore-AuraSnapshot -Name 'secret-restore' -Wait -TimeoutSec 60 -Verbose -Debug *>&1
        foreach ($r in $records) {
            if ($r.PSObject.TypeNames[0] -eq 'Neo4jAura.AuraInstance') { $passwords += $r.Credential.GetNetworkCredential().Password }
            $captured.Add($r)
        }
        $passwords.Count | Should -Be 2

        # Failures too: a refused token and an API error.
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/tokens/revoke'
        $captured.AddRange(@(Get-AuraInstance -InstanceId 'ffffffff' -Verbose -Debug -ErrorAction Continue *>&1))
        $wrong = ConvertTo-SecureString 'wrong-secret-value' -AsPlainText -Force
        try { Connect-Aura -ClientId $emu.ClientId -ClientSecret $wrong -BaseUri $emu.BaseUri -Verbose -Debug *>&1 | ForEach-Object { $captured.Add($_) } } catch { $captured.Add($_) }

        $text = (ConvertTo-ScanText $captured.ToArray()) + "`n" + (ConvertTo-ScanText @($Error))
        $text.Length | Should -BeGreaterThan 100
        $text | Should -Match 'GET'   # the verbose request lines are there
        $text | Should -Not -Match ([regex]::Escape($emu.ClientSecret))
        $text | Should -Not -Match 'wrong-secret-value'
        $text | Should -Not -Match $tokenPattern
        $text | Should -Not -Match 'Bearer\s+[A-Za-z0-9_-]{8,}'
        foreach ($p in $passwords) { $text | Should -Not -Match ([regex]::Escape($p)) }
    }
}
